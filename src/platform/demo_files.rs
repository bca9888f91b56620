//! The files of `projects/demo`, compiled into the binary. A test
//! (`platform::tests::the_embedded_demo_is_exactly_projects_demo`) fails when this list and the
//! folder disagree; regenerate it by listing the folder (`find projects/demo -type f | sort`).

pub const FILES: &[(&str, &[u8])] = &[
    (
        "annotations/el-heraldo-1974-06-03.json",
        include_bytes!("../../projects/demo/annotations/el-heraldo-1974-06-03.json"),
    ),
    (
        "annotations/forum-post-2024.json",
        include_bytes!("../../projects/demo/annotations/forum-post-2024.json"),
    ),
    (
        "annotations/wire-1974-09-18.json",
        include_bytes!("../../projects/demo/annotations/wire-1974-09-18.json"),
    ),
    (
        "links.json",
        include_bytes!("../../projects/demo/links.json"),
    ),
    (
        "texts/el-heraldo-1974-06-03.txt",
        include_bytes!("../../projects/demo/texts/el-heraldo-1974-06-03.txt"),
    ),
    (
        "texts/forum-post-2024.txt",
        include_bytes!("../../projects/demo/texts/forum-post-2024.txt"),
    ),
    (
        "texts/wire-1974-09-18.txt",
        include_bytes!("../../projects/demo/texts/wire-1974-09-18.txt"),
    ),
    (
        "weft-project.json",
        include_bytes!("../../projects/demo/weft-project.json"),
    ),
];

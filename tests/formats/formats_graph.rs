//! GraphML and GEXF exports of the entity–event graph: read back with an XML reader written
//! here (not Weft's writer), they hold the graph model's nodes, edges and attributes, with
//! names escaped; both are in the catalogue and work through `weft export --format`.

use crate::common::*;
use std::collections::BTreeMap;
use weft::edit::{self, History, ops};
use weft::formats::{FormatId, Options, catalog};
use weft::model::*;

const TEXT: &str = "Ruiz & Sons backed General Ibarra. Ibarra opposed Ruiz & Sons. The coup came.";

fn project() -> Project {
    let mut p = project_with(vec![doc("d_1", "one", TEXT)]);
    let d = DocId::new("d_1");
    let mut h = History::new();
    let org = tag(&mut p, &mut h, &d, "Ruiz & Sons", 0, "ORG");
    let e = ops::new_cluster_from(&p, &org, ClusterId::new("c_ruiz"), t0())
        .unwrap()
        .0;
    edit::apply(&mut p, e).unwrap();
    let mut c = p.cluster(&ClusterId::new("c_ruiz")).unwrap().clone();
    c.name = "Ruiz & \"Sons\" <Ltd>\u{1}".into();
    edit::apply(&mut p, edit::Edit::ReplaceCluster(c)).unwrap();
    let ibarra = tag(&mut p, &mut h, &d, "Ibarra", 0, "PERSON");
    let coup = tag(&mut p, &mut h, &d, "coup", 0, "COUP");
    let (e, _) = ops::add_relation(
        &p,
        RelationId::new("r_opp"),
        "opposes",
        &Endpoint::Mention(ibarra.clone()),
        &Endpoint::Cluster(ClusterId::new("c_ruiz")),
    )
    .unwrap();
    edit::apply(&mut p, e).unwrap();
    let (e, _) = ops::add_argument(
        &p,
        ArgumentId::new("a_agent"),
        &Endpoint::Mention(coup),
        "agent",
        &Endpoint::Mention(ibarra),
    )
    .unwrap();
    edit::apply(&mut p, e).unwrap();
    p
}

/// Elements with their attributes and text, in document order.
#[derive(Debug, Default, Clone)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    parent: Option<usize>,
}

fn read_xml(text: &str) -> Vec<El> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(text);
    let mut out: Vec<El> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        let ev = r.read_event().expect("well-formed XML");
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push(El {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    attrs,
                    text: String::new(),
                    parent: open.last().copied(),
                });
                if matches!(ev, Event::Start(_)) {
                    open.push(out.len() - 1);
                }
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i].text += &t.xml10_content().unwrap();
                }
            }
            Event::GeneralRef(g) => {
                if let Some(&i) = open.last() {
                    let name = g.decode().unwrap().into_owned();
                    out[i].text += &quick_xml::escape::unescape(&format!("&{name};")).unwrap();
                }
            }
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    out
}

fn export(p: &Project, f: FormatId) -> weft::formats::Export {
    catalog::export(p, f, &Options::new(), t0(), &mut |_, _| {}).unwrap()
}

#[test]
fn graphml_holds_the_nodes_edges_and_typed_attributes_of_the_graph() {
    let p = project();
    let g = weft::graph::build(&p);
    let e = export(&p, FormatId::Graphml);
    assert_eq!(e.files.len(), 1);
    assert_eq!(e.files[0].path, "weft.graphml");
    assert_eq!(e.report.counts["nodes"], g.nodes.len());
    assert_eq!(e.report.counts["edges"], g.edges.len());
    let els = read_xml(&e.files[0].contents);
    let keys: BTreeMap<String, (String, String, String)> = els
        .iter()
        .filter(|e| e.name == "key")
        .map(|e| {
            (
                e.attrs["id"].clone(),
                (
                    e.attrs["for"].clone(),
                    e.attrs["attr.name"].clone(),
                    e.attrs["attr.type"].clone(),
                ),
            )
        })
        .collect();
    assert_eq!(keys["n_mentions"].2, "int");
    assert_eq!(keys["e_symmetric"].2, "boolean");
    let graph = els.iter().find(|e| e.name == "graph").unwrap();
    assert_eq!(graph.attrs["edgedefault"], "directed");
    // Data of each node and edge, by attribute name.
    let data_of = |i: usize| -> BTreeMap<String, String> {
        els.iter()
            .filter(|e| e.name == "data" && e.parent == Some(i))
            .map(|e| (keys[&e.attrs["key"]].1.clone(), e.text.clone()))
            .collect()
    };
    let nodes: Vec<(usize, &El)> = els
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "node")
        .collect();
    assert_eq!(nodes.len(), g.nodes.len());
    for ((i, el), n) in nodes.iter().zip(&g.nodes) {
        assert_eq!(el.attrs["id"], n.id.id());
        let d = data_of(*i);
        assert_eq!(d["label"], n.label.replace('\u{1}', ""));
        assert_eq!(d["type"], n.type_key);
        assert_eq!(d["mentions"], n.mentions.to_string());
        assert_eq!(d["documents"], "d_1");
    }
    let ruiz = nodes
        .iter()
        .find(|(_, e)| e.attrs["id"] == "c_ruiz")
        .unwrap();
    assert_eq!(
        data_of(ruiz.0)["label"],
        "Ruiz & \"Sons\" <Ltd>",
        "escaped, control left out"
    );
    let edges: Vec<(usize, &El)> = els
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name == "edge")
        .collect();
    assert_eq!(edges.len(), 2);
    let (i, opp) = edges
        .iter()
        .find(|(_, e)| e.attrs["id"] == "r_opp")
        .unwrap();
    assert_eq!(opp.attrs["target"], "c_ruiz");
    let d = data_of(*i);
    assert_eq!(
        (
            d["kind"].as_str(),
            d["type"].as_str(),
            d["symmetric"].as_str()
        ),
        ("relation", "opposes", "true")
    );
    let (i, agent) = edges
        .iter()
        .find(|(_, e)| e.attrs["id"] == "a_agent")
        .unwrap();
    let d = data_of(*i);
    assert_eq!(
        (d["kind"].as_str(), d["label"].as_str()),
        ("argument", "agent")
    );
    // A mention in no cluster but linked is a node of its own; the report says so.
    assert!(g.nodes.iter().any(|n| n.id.id() == agent.attrs["source"]));
    assert_eq!(e.report.number_in("mention without entity"), 1);
}

#[test]
fn gexf_holds_the_same_graph_with_typed_attributes_and_undirected_symmetric_edges() {
    let p = project();
    let g = weft::graph::build(&p);
    let e = export(&p, FormatId::Gexf);
    assert_eq!(e.files[0].path, "weft.gexf");
    let text = &e.files[0].contents;
    let els = read_xml(text);
    let root = &els[0];
    assert_eq!(
        (root.name.as_str(), root.attrs["version"].as_str()),
        ("gexf", "1.3")
    );
    assert_eq!(root.attrs["xmlns"], "http://gexf.net/1.3");
    let meta = els.iter().find(|e| e.name == "meta").unwrap();
    assert_eq!(meta.attrs["lastmodifieddate"], "2026-11-21");
    let types: BTreeMap<&str, &str> = els
        .iter()
        .filter(|e| e.name == "attribute")
        .map(|e| (e.attrs["id"].as_str(), e.attrs["type"].as_str()))
        .collect();
    assert_eq!(types["mentions"], "integer");
    assert_eq!(types["cross_document"], "boolean");
    let nodes: Vec<&El> = els.iter().filter(|e| e.name == "node").collect();
    let ids: Vec<&str> = nodes.iter().map(|n| n.attrs["id"].as_str()).collect();
    assert_eq!(ids, g.nodes.iter().map(|n| n.id.id()).collect::<Vec<_>>());
    let nodes_el = els.iter().find(|e| e.name == "nodes").unwrap();
    assert_eq!(nodes_el.attrs["count"], g.nodes.len().to_string());
    let ruiz = nodes.iter().find(|n| n.attrs["id"] == "c_ruiz").unwrap();
    assert_eq!(ruiz.attrs["label"], "Ruiz & \"Sons\" <Ltd>");
    let edges: Vec<&El> = els.iter().filter(|e| e.name == "edge").collect();
    let opp = edges.iter().find(|e| e.attrs["id"] == "r_opp").unwrap();
    assert_eq!(opp.attrs["type"], "undirected");
    assert_eq!(opp.attrs["kind"], "opposes");
    let agent = edges.iter().find(|e| e.attrs["id"] == "a_agent").unwrap();
    assert_eq!(
        (agent.attrs["type"].as_str(), agent.attrs["label"].as_str()),
        ("directed", "agent")
    );
}

#[test]
fn the_catalogue_lists_both_and_the_cli_writes_them() {
    let keys = catalog::keys(false);
    assert!(keys.contains(&"graphml") && keys.contains(&"gexf"));
    assert!(!catalog::keys(true).contains(&"graphml"));
    let dir = tempfile::tempdir().unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    for (format, head) in [("graphml", "<graphml"), ("gexf", "<gexf")] {
        let out = dir.path().join(format!("demo.{format}"));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_weft"))
            .arg("export")
            .arg(&demo)
            .args(["--format", format, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(head), "{format}");
        let report = String::from_utf8_lossy(&run.stderr);
        assert!(
            report.contains("nodes") && report.contains("edges"),
            "{report}"
        );
    }
}

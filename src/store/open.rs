//! The entry points of loading: [`ProjectFolder::load_with`] (everything, every check) and
//! [`ProjectFolder::load_preview`] (one document, for the first frame of a large project while
//! the full load runs).

use super::files::*;
use super::layout::{plan_v1, plan_v2};
use super::load::Loader;
use super::read::read_typed;
use super::{LoadError, LoadNotes, LoadOptions, ProblemKind, ProjectFolder, safety};
use crate::model::{Layer, Project};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One document of a project, read on its own to be shown before the rest is loaded (see
/// [`ProjectFolder::load_preview`]). Read-only: nothing in it may be edited or saved.
#[derive(Debug)]
pub struct Preview {
    /// The project's name and schema, its first document and that document's mentions (of
    /// every layer), without clusters, links or review queue.
    pub project: Project,
    /// How many documents the project lists.
    pub documents: usize,
    /// The files read, relative to the project folder, in the order read: the manifest, the
    /// document files (version 2), the document's text and its annotation files.
    pub files_read: Vec<String>,
}

fn root_of(path: &Path) -> PathBuf {
    if path.is_file() {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        path.to_path_buf()
    }
}

impl Loader {
    fn new(root: PathBuf, options: LoadOptions, notes: LoadNotes, only: Option<usize>) -> Self {
        let single = options
            .annotator
            .clone()
            .filter(|l| !l.is_unset())
            .unwrap_or_else(|| Layer::annotator(Layer::DEFAULT_NAME).unwrap_or_default());
        Loader {
            root,
            options,
            notes,
            problems: Vec::new(),
            project: Project::default(),
            on_disk: Default::default(),
            text_paths: Default::default(),
            stems: Default::default(),
            positions: Default::default(),
            loaded_docs: HashSet::new(),
            changed_texts: HashSet::new(),
            unavailable: HashSet::new(),
            review: Vec::new(),
            single,
            folder_layers: HashMap::new(),
            only,
            pre_read: HashMap::new(),
        }
    }

    /// The manifest, then the plan of files (its problems collected).
    fn plan(&mut self) -> Result<super::layout::Plan, LoadError> {
        let mut manifest = self.manifest()?;
        self.project = Project::new(manifest.name.clone(), manifest.schema.clone());
        Ok(if manifest.version == VERSION_SINGLE_LAYER {
            plan_v1(&mut manifest)
        } else {
            let mut problems = Vec::new();
            let plan = plan_v2(&self.root, &mut problems);
            self.problems.extend(problems);
            plan
        })
    }
}

impl ProjectFolder {
    /// Loads a project folder (or the folder of a given manifest), checking everything.
    pub fn load(path: &Path) -> Result<(Project, ProjectFolder), LoadError> {
        Self::load_with(path, LoadOptions::default()).map(|(p, f, _)| (p, f))
    }

    /// Loads with options; also returns notes worth showing the user.
    pub fn load_with(
        path: &Path,
        options: LoadOptions,
    ) -> Result<(Project, ProjectFolder, LoadNotes), LoadError> {
        let root = root_of(path);
        if !root.join(MANIFEST).exists() {
            return Err(LoadError::one(
                root.join(MANIFEST),
                ProblemKind::Io,
                if root.is_dir() {
                    "no Weft project here (the manifest is missing)".to_string()
                } else {
                    "the folder does not exist".to_string()
                },
            ));
        }
        let mut notes = LoadNotes::default();
        match safety::complete_interrupted_save(&root) {
            Ok(files) => notes.completed_save = files,
            Err((file, message)) => return Err(LoadError::one(file, ProblemKind::Io, message)),
        }
        let mut loader = Loader::new(root, options, notes, None);
        let plan = loader.plan()?;
        loader.documents(&plan);
        let links = loader.links_files(&plan);
        loader.annotation_files(&plan);
        loader.review_and_links(links);
        loader.finish(&plan)
    }

    /// The first document of the project at `path`, read on its own: the manifest, the plan
    /// of files (version 2 reads the small document files), that document's text (hashed and
    /// compared) and its annotation files, every mention checked as a full load checks it.
    /// No other document's text or annotations and no links file is read, and nothing is
    /// written. `None` when anything stands in the way (an interrupted save to finish, a
    /// problem in what it read, a project without documents): the full load, which must run
    /// anyway before anything can be edited, then reports what is wrong.
    pub fn load_preview(path: &Path, annotator: Option<Layer>) -> Option<Preview> {
        let root = root_of(path);
        if !root.join(MANIFEST).is_file() || root.join(safety::SAVE_JOURNAL).exists() {
            return None;
        }
        let options = LoadOptions {
            reanchor: false,
            annotator,
        };
        let mut loader = Loader::new(root, options, LoadNotes::default(), Some(0));
        let plan = loader.plan().ok()?;
        let first = plan.docs.first()?;
        let mut files_read = vec![MANIFEST.to_string()];
        files_read.extend(plan.docs.iter().filter_map(|d| d.doc_file.clone()));
        files_read.push(first.entry.text.clone());
        files_read.extend(
            plan.ann_files
                .iter()
                .filter(|f| f.doc == 0)
                .map(|f| f.rel.clone()),
        );
        // Its annotation files are parsed on a second thread while the text is read and hashed.
        let rels: Vec<&String> = plan
            .ann_files
            .iter()
            .filter(|f| f.doc == 0)
            .map(|f| &f.rel)
            .collect();
        let root = loader.root.clone();
        std::thread::scope(|scope| {
            let parsing = scope.spawn(|| {
                rels.iter()
                    .map(|rel| {
                        let read = read_typed::<AnnotationFile>(&root, rel, ANNOTATIONS_FORMAT);
                        ((*rel).clone(), read)
                    })
                    .collect::<HashMap<_, _>>()
            });
            loader.documents(&plan);
            loader.pre_read = parsing.join().unwrap_or_default();
        });
        loader.annotation_files(&plan);
        if !loader.problems.is_empty() {
            return None;
        }
        let mut project = loader.project;
        if let Some(l) = &loader.options.annotator {
            project.set_working_layer(l.clone());
        }
        Some(Preview {
            project,
            documents: plan.docs.len(),
            files_read,
        })
    }
}

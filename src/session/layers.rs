//! The session's layers: its annotator's own layer, the active layer edits go to, the list of
//! the project's layers, and read-only views of one layer (see the module docs of
//! [`crate::session`]).

use super::Session;
use super::threads::TwoThreads;
use crate::model::{EditError, Layer, Project};
use std::sync::Arc;

/// One layer of the project, as the front ends list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerInfo {
    pub layer: Layer,
    /// The session's annotator's own layer.
    pub own: bool,
    pub curation: bool,
    /// Edits go to this layer now.
    pub active: bool,
    /// Whether the session may make it its active layer (its own layer and the curation
    /// layer; every other layer is read-only).
    pub editable: bool,
    /// Objects in it (mentions, entities and events, links, rejections, review items, marks).
    pub objects: usize,
}

impl Session {
    /// The annotator's own layer (named after [`Session::author`]).
    pub fn annotator(&self) -> &Layer {
        &self.own
    }

    /// Changes who is working (the workbench's File > Annotator…): the own layer becomes
    /// `name`'s, and so does the active layer unless the session is curating. Nothing is
    /// written (the saved project is unchanged); undo and redo keep each step's layer. Refused,
    /// with nothing changed, when `name` cannot name a layer of this project.
    pub fn set_annotator(&mut self, name: &str) -> Result<(), super::OpenError> {
        let mut warnings = Vec::new();
        let own = super::own_layer(&self.project, name, &mut warnings)?;
        self.warnings.extend(warnings);
        self.author = name.trim().to_string();
        self.own = own.clone();
        if !self.active.is_curation() {
            self.active = own.clone();
            self.project.set_working_layer(own);
        }
        self.generation += 1;
        Ok(())
    }

    /// The layer edits go to: the own layer, or the curation layer while curating.
    pub fn active_layer(&self) -> &Layer {
        &self.active
    }

    /// Makes `layer` the active layer: the session's own layer or the curation layer (which
    /// need not exist yet). Any other layer is read-only and refused. Undo and redo are not
    /// affected: each step keeps the layer it was made in.
    pub fn set_active_layer(&mut self, layer: Layer) -> Result<(), EditError> {
        if layer != self.own && !layer.is_curation() {
            return Err(EditError::ReadOnlyLayer {
                what: "it".into(),
                layer,
                active: self.active.clone(),
            });
        }
        if layer != self.active {
            self.active = layer.clone();
            self.project.set_working_layer(layer);
            // What is shown and suggested depends on the active layer.
            self.generation += 1;
        }
        Ok(())
    }

    /// Every layer of the project, the own and the active one even when they hold nothing yet:
    /// the own layer first, then the other annotators by name, then curation.
    pub fn layers(&self) -> Vec<LayerInfo> {
        let mut names: Vec<Layer> = self.project.layers().cloned().collect();
        for l in [&self.own, &self.active] {
            if !names.contains(l) {
                names.push(l.clone());
            }
        }
        names.sort_by_key(|l| (l != &self.own, l.is_curation(), l.clone()));
        names
            .into_iter()
            .map(|layer| LayerInfo {
                own: layer == self.own,
                curation: layer.is_curation(),
                active: layer == self.active,
                editable: layer == self.own || layer.is_curation(),
                objects: self.project.layer_size(&layer),
                layer,
            })
            .collect()
    }

    /// The annotators' layers that hold anything (not curation), by name.
    pub fn annotator_layers(&self) -> Vec<Layer> {
        self.project
            .layers()
            .filter(|l| !l.is_curation())
            .cloned()
            .collect()
    }

    /// One layer projected out as a project of its own (documents and schema shared, that
    /// layer's objects only): for showing another annotator's layer read-only, comparing, or
    /// exporting. Made again only when the project changed since the last call for that layer.
    pub fn layer_view(&mut self, layer: &Layer) -> Arc<Project> {
        let generation = self.generation;
        if let Some((g, view)) = self.views.get(layer)
            && *g == generation
        {
            return view.clone();
        }
        let view = Arc::new(self.project.project_layer(layer));
        self.views.insert(layer.clone(), (generation, view.clone()));
        view
    }
}

/// The agreement engine's views of `layers` (see [`crate::agreement::LayerView::from_layers`]),
/// built on up to two threads (each takes half of the layers): the workbench, `weft agreement`
/// and the benchmark all call this, so they measure the same work.
pub fn agreement_views(project: &Project, layers: &[Layer]) -> Vec<crate::agreement::LayerView> {
    use crate::agreement::{Join, LayerView};
    if layers.len() < 2 {
        return LayerView::from_layers(project, layers);
    }
    let (first, second) = layers.split_at(layers.len().div_ceil(2));
    let (mut views, rest) = TwoThreads.join(
        || LayerView::from_layers(project, first),
        || LayerView::from_layers(project, second),
    );
    views.extend(rest);
    views
}

/// The agreement report over `layers` of `project`: the layers projected
/// ([`agreement_views`]) and compared, the engine's independent parts on two threads when the
/// machine has two cores (see [`TwoThreads`]). The workbench, `weft agreement` and the benchmark all call this.
pub fn agreement_report(
    project: &Project,
    layers: &[Layer],
) -> Result<crate::agreement::Report, crate::agreement::AgreementError> {
    let views = agreement_views(project, layers);
    crate::agreement::compare_with(&views, &TwoThreads)
}

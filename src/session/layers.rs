//! The session's layers: its annotator's own layer, the active layer edits go to, the list of
//! the project's layers, and read-only views of one layer (see the module docs of
//! [`crate::session`]).

use super::Session;
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

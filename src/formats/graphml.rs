//! GraphML export of the entity–event graph ([`crate::graph`]): for networkx, yEd, Cytoscape
//! and igraph.
//!
//! One directed `<graph>`: a node per registry cluster (and per linked mention in no cluster),
//! an edge per relation (from → to) and per event argument (event → filler). Attributes are
//! declared as `<key>`s with GraphML types, so readers get numbers and booleans, not text:
//!
//! | for | attribute | type | meaning |
//! |---|---|---|---|
//! | node | `label` | string | the cluster's name (the mention's text) |
//! | node | `type`, `type_name` | string | the schema type's key and name |
//! | node | `kind` | string | `entity` or `event` |
//! | node | `node_kind` | string | `cluster`, or `mention` for a linked mention in no cluster |
//! | node | `mentions`, `document_count` | int | how often and in how many documents it is mentioned |
//! | node | `documents` | string | the document ids, space-separated |
//! | node | `external_id` | string | e.g. a Wikidata QID (empty when none) |
//! | node | `colour` | string | the type's colour, `#rrggbb` |
//! | edge | `label` | string | the relation type's or role's name |
//! | edge | `kind` | string | `relation` or `argument` |
//! | edge | `type` | string | the relation type's or role's key |
//! | edge | `symmetric` | boolean | a symmetric relation (its direction carries no meaning) |
//! | edge | `cross_document` | boolean | the ends lie in different documents, or one is a whole entity/event |
//!
//! Symmetric relations stay directed edges marked `symmetric`, because GraphML readers such as
//! networkx refuse a graph that mixes directed and undirected edges. Node and edge ids are
//! Weft's ids. No text offsets are written.

use super::{Export, OutFile, Report};
use crate::graph::{self, Graph, NodeRef};
use crate::model::Project;
use std::fmt::Write as _;

/// What the format says about offsets (it has none).
pub const OFFSET_UNIT: &str = "none (a graph, no text offsets)";

/// `s` with `& < > " '` escaped, and characters XML 1.0 does not allow (most C0 controls)
/// left out.
pub(super) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Notes every graph export adds: what became a node and what was left out.
pub(super) fn graph_report(operation: &str, graph: &Graph, offset_unit: &str) -> Report {
    let mut report = Report::new(operation, offset_unit);
    report.count("nodes", graph.nodes.len());
    report.count("edges", graph.edges.len());
    let lone = graph
        .nodes
        .iter()
        .filter(|n| matches!(n.id, NodeRef::Mention(_)))
        .count();
    if lone > 0 {
        report.note(
            "mention without entity",
            "",
            format!("{lone} linked mentions in no entity or event are nodes of their own"),
        );
    }
    if graph.unlinked_mentions > 0 {
        report.loss(
            "mention without entity or link",
            "",
            format!(
                "{} mentions in no entity or event and without links are not in the graph",
                graph.unlinked_mentions
            ),
        );
    }
    report
}

const NODE_KEYS: &[(&str, &str, &str)] = &[
    ("n_label", "label", "string"),
    ("n_type", "type", "string"),
    ("n_type_name", "type_name", "string"),
    ("n_kind", "kind", "string"),
    ("n_node_kind", "node_kind", "string"),
    ("n_mentions", "mentions", "int"),
    ("n_document_count", "document_count", "int"),
    ("n_documents", "documents", "string"),
    ("n_external_id", "external_id", "string"),
    ("n_colour", "colour", "string"),
];

const EDGE_KEYS: &[(&str, &str, &str)] = &[
    ("e_label", "label", "string"),
    ("e_kind", "kind", "string"),
    ("e_type", "type", "string"),
    ("e_symmetric", "symmetric", "boolean"),
    ("e_cross_document", "cross_document", "boolean"),
];

fn data(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(
        out,
        "      <data key=\"{key}\">{}</data>",
        xml_escape(value)
    );
}

/// The graph as GraphML text.
pub fn render(graph: &Graph, project_name: &str) -> String {
    let mut out = String::with_capacity(256 + graph.nodes.len() * 600 + graph.edges.len() * 300);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (class, keys) in [("node", NODE_KEYS), ("edge", EDGE_KEYS)] {
        for (id, name, ty) in keys {
            let _ = writeln!(
                out,
                "  <key id=\"{id}\" for=\"{class}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
            );
        }
    }
    let _ = writeln!(
        out,
        "  <graph id=\"weft\" edgedefault=\"directed\">\n    <desc>{}</desc>",
        xml_escape(&format!("Entity–event graph of {project_name}"))
    );
    for n in &graph.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", xml_escape(n.id.id()));
        data(&mut out, "n_label", &n.label);
        data(&mut out, "n_type", &n.type_key);
        data(&mut out, "n_type_name", &n.type_name);
        data(&mut out, "n_kind", kind(n.kind));
        data(&mut out, "n_node_kind", node_kind(&n.id));
        data(&mut out, "n_mentions", &n.mentions.to_string());
        data(&mut out, "n_document_count", &n.documents.len().to_string());
        let docs: Vec<&str> = n.documents.iter().map(|d| d.as_str()).collect();
        data(&mut out, "n_documents", &docs.join(" "));
        data(
            &mut out,
            "n_external_id",
            n.external_id.as_deref().unwrap_or(""),
        );
        data(&mut out, "n_colour", &n.colour);
        out.push_str("    </node>\n");
    }
    for e in &graph.edges {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            xml_escape(&e.id),
            xml_escape(graph.nodes[e.source].id.id()),
            xml_escape(graph.nodes[e.target].id.id())
        );
        data(&mut out, "e_label", &e.label);
        data(&mut out, "e_kind", e.kind.key());
        data(&mut out, "e_type", &e.key);
        data(&mut out, "e_symmetric", &e.symmetric.to_string());
        data(&mut out, "e_cross_document", &e.cross_document.to_string());
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

pub(super) fn kind(k: crate::model::TypeKind) -> &'static str {
    match k {
        crate::model::TypeKind::Entity => "entity",
        crate::model::TypeKind::Event => "event",
    }
}

pub(super) fn node_kind(id: &NodeRef) -> &'static str {
    match id {
        NodeRef::Cluster(_) => "cluster",
        NodeRef::Mention(_) => "mention",
    }
}

/// Exports the project's graph as one GraphML file named `path`.
pub fn export(project: &Project, path: &str) -> Export {
    let graph = graph::build(project);
    let report = graph_report("GraphML export", &graph, OFFSET_UNIT);
    Export {
        files: vec![OutFile {
            path: path.into(),
            contents: render(&graph, &project.name),
        }],
        report,
    }
}

//! GEXF 1.3 export of the entity–event graph ([`crate::graph`]), for Gephi.
//!
//! The same nodes, edges and attributes as the GraphML export ([`super::graphml`] lists them),
//! declared as GEXF `<attributes>` (`string`, `integer`, `boolean`). Node and edge `label`s
//! are GEXF's own; an edge's `kind` is its relation type or role key, so parallel edges of
//! different kinds stay apart in Gephi; a symmetric relation is an `undirected` edge (GEXF
//! allows mixed graphs). The file follows the GEXF 1.3 schema (`http://gexf.net/1.3`);
//! `tests/consumers/gexf/` holds that schema and CI validates every export against it.
//! No `viz:` elements are written: the published 1.3 schema files declare them differently
//! from the files Gephi writes, and the type colour is in the `colour` attribute instead.

use super::graphml::{graph_report, kind, node_kind, xml_escape};
use super::{Export, OutFile};
use crate::graph::{self, Graph};
use crate::model::Project;
use chrono::{DateTime, Utc};
use std::fmt::Write as _;

pub const OFFSET_UNIT: &str = super::graphml::OFFSET_UNIT;

const NODE_ATTRS: &[(&str, &str)] = &[
    ("type", "string"),
    ("type_name", "string"),
    ("kind", "string"),
    ("node_kind", "string"),
    ("mentions", "integer"),
    ("document_count", "integer"),
    ("documents", "string"),
    ("external_id", "string"),
    ("colour", "string"),
];

const EDGE_ATTRS: &[(&str, &str)] = &[
    ("edge_kind", "string"),
    ("type", "string"),
    ("symmetric", "boolean"),
    ("cross_document", "boolean"),
];

fn attvalue(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(
        out,
        "          <attvalue for=\"{key}\" value=\"{}\"/>",
        xml_escape(value)
    );
}

/// The graph as GEXF 1.3 text; `now` is the file's `lastmodifieddate`.
pub fn render(graph: &Graph, project_name: &str, now: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(256 + graph.nodes.len() * 700 + graph.edges.len() * 400);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<gexf xmlns=\"http://gexf.net/1.3\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    );
    let _ = writeln!(
        out,
        "  <meta lastmodifieddate=\"{}\">\n    <creator>Weft {}</creator>\n    <description>{}</description>\n  </meta>",
        now.format("%Y-%m-%d"),
        env!("CARGO_PKG_VERSION"),
        xml_escape(&format!("Entity–event graph of {project_name}"))
    );
    out.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
    for (class, attrs) in [("node", NODE_ATTRS), ("edge", EDGE_ATTRS)] {
        let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
        for (id, ty) in attrs {
            let _ = writeln!(
                out,
                "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>"
            );
        }
        out.push_str("    </attributes>\n");
    }
    let _ = writeln!(out, "    <nodes count=\"{}\">", graph.nodes.len());
    for n in &graph.nodes {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
            xml_escape(n.id.id()),
            xml_escape(&n.label)
        );
        attvalue(&mut out, "type", &n.type_key);
        attvalue(&mut out, "type_name", &n.type_name);
        attvalue(&mut out, "kind", kind(n.kind));
        attvalue(&mut out, "node_kind", node_kind(&n.id));
        attvalue(&mut out, "mentions", &n.mentions.to_string());
        attvalue(&mut out, "document_count", &n.documents.len().to_string());
        let docs: Vec<&str> = n.documents.iter().map(|d| d.as_str()).collect();
        attvalue(&mut out, "documents", &docs.join(" "));
        attvalue(
            &mut out,
            "external_id",
            n.external_id.as_deref().unwrap_or(""),
        );
        attvalue(&mut out, "colour", &n.colour);
        out.push_str("        </attvalues>\n      </node>\n");
    }
    out.push_str("    </nodes>\n");
    let _ = writeln!(out, "    <edges count=\"{}\">", graph.edges.len());
    for e in &graph.edges {
        let _ = writeln!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\" type=\"{}\" kind=\"{}\">\n        <attvalues>",
            xml_escape(&e.id),
            xml_escape(graph.nodes[e.source].id.id()),
            xml_escape(graph.nodes[e.target].id.id()),
            xml_escape(&e.label),
            if e.symmetric {
                "undirected"
            } else {
                "directed"
            },
            xml_escape(&e.key),
        );
        attvalue(&mut out, "edge_kind", e.kind.key());
        attvalue(&mut out, "type", &e.key);
        attvalue(&mut out, "symmetric", &e.symmetric.to_string());
        attvalue(&mut out, "cross_document", &e.cross_document.to_string());
        out.push_str("        </attvalues>\n      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// Exports the project's graph as one GEXF file named `path`.
pub fn export(project: &Project, path: &str, now: DateTime<Utc>) -> Export {
    let graph = graph::build(project);
    let report = graph_report("GEXF export", &graph, OFFSET_UNIT);
    Export {
        files: vec![OutFile {
            path: path.into(),
            contents: render(&graph, &project.name, now),
        }],
        report,
    }
}

//! The report as text (aligned tables for a terminal), JSON and CSV.

use super::report::{ClusterScores, Coefficient, PairReport, Prf, Report};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Three decimals, or "-" for an undefined value.
fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// Renders rows as a table: the first column left-aligned, the others right-aligned.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let cols = header.len();
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut s = String::from("  ");
        for (i, c) in cells.iter().enumerate() {
            let pad = width[i].saturating_sub(c.chars().count());
            if i == 0 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(
        out,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    for r in rows {
        line(out, r);
    }
}

fn prf_cells(p: &Prf) -> Vec<String> {
    vec![
        p.a.to_string(),
        p.b.to_string(),
        p.matched.to_string(),
        num(p.precision),
        num(p.recall),
        num(p.f1),
    ]
}

fn prf_table(
    out: &mut String,
    what: &str,
    overall: &Prf,
    by: &BTreeMap<String, Prf>,
    a: &str,
    b: &str,
) {
    let mut rows = vec![[vec!["overall".to_string()], prf_cells(overall)].concat()];
    for (k, p) in by {
        rows.push([vec![k.clone()], prf_cells(p)].concat());
    }
    table(out, &[what, a, b, "matched", "P", "R", "F1"], &rows);
}

fn chain_cells(c: &Option<ClusterScores>) -> Vec<String> {
    match c {
        None => vec!["-".to_string(); 10],
        Some(c) => [&c.muc, &c.b_cubed, &c.ceaf_e]
            .iter()
            .flat_map(|m| [num(Some(m.recall)), num(Some(m.precision)), num(Some(m.f1))])
            .chain([num(Some(c.conll))])
            .collect(),
    }
}

const CHAIN_HEADER: [&str; 11] = [
    "chains",
    "MUC R",
    "MUC P",
    "MUC F1",
    "B3 R",
    "B3 P",
    "B3 F1",
    "CEAF-e R",
    "CEAF-e P",
    "CEAF-e F1",
    "CoNLL",
];

fn pair_text(out: &mut String, p: &PairReport) {
    let (a, b) = (p.a.as_str(), p.b.as_str());
    let _ = writeln!(
        out,
        "\n== {a} vs {b} ({a} is the reference: precision counts against {b}, recall against {a})"
    );
    for (name, s) in [("exact", &p.spans.exact), ("overlap", &p.spans.overlap)] {
        let _ = writeln!(
            out,
            "\nSpans, {name} match (overall: type must agree; untyped: type ignored)"
        );
        let mut by = s.by_type.clone();
        by.insert("(untyped)".to_string(), s.untyped.clone());
        prf_table(out, "type", &s.overall, &by, a, b);
    }
    let _ = writeln!(out, "\nCohen's kappa over characters");
    coefficient_text(out, &p.cohen_kappa);
    let _ = writeln!(out, "\nRelations (over matched ends)");
    prf_table(
        out,
        "type",
        &p.relations.overall,
        &p.relations.by_type,
        a,
        b,
    );
    let _ = writeln!(out, "\nEvent arguments (over matched ends)");
    prf_table(
        out,
        "role",
        &p.arguments.overall,
        &p.arguments.by_role,
        a,
        b,
    );
    let _ = writeln!(
        out,
        "\nClusters across documents (scorch conventions; {a} is the key)"
    );
    let rows: Vec<Vec<String>> = [
        ("all", &p.clusters.all),
        ("entity", &p.clusters.entity),
        ("event", &p.clusters.event),
    ]
    .iter()
    .map(|(k, c)| [vec![k.to_string()], chain_cells(c)].concat())
    .collect();
    table(out, &CHAIN_HEADER, &rows);
    let _ = writeln!(out, "\nPer document");
    let rows: Vec<Vec<String>> = p
        .documents
        .iter()
        .map(|d| {
            vec![
                d.document.clone(),
                d.exact.a.to_string(),
                d.exact.b.to_string(),
                num(d.exact.f1),
                num(d.overlap.f1),
                num(d.cohen_kappa),
                num(d.clusters.as_ref().map(|c| c.conll)),
            ]
        })
        .collect();
    table(
        out,
        &["document", a, b, "exact F1", "overlap F1", "kappa", "CoNLL"],
        &rows,
    );
}

fn coefficient_text(out: &mut String, c: &Coefficient) {
    let mut rows = vec![vec!["overall".to_string(), num(c.overall)]];
    for (k, v) in &c.by_type {
        rows.push(vec![k.clone(), num(*v)]);
    }
    table(out, &["type", "value"], &rows);
}

fn matrix_text(out: &mut String, names: &[String], title: &str, m: &[Vec<Option<f64>>]) {
    let _ = writeln!(out, "\n{title} (row = reference, column = response)");
    let header: Vec<&str> = std::iter::once("")
        .chain(names.iter().map(|s| s.as_str()))
        .collect();
    let rows: Vec<Vec<String>> = names
        .iter()
        .zip(m)
        .map(|(n, row)| {
            std::iter::once(n.clone())
                .chain(
                    row.iter()
                        .map(|v| v.map_or(String::new(), |x| format!("{x:.3}"))),
                )
                .collect()
        })
        .collect();
    table(out, &header, &rows);
}

impl Report {
    /// Aligned tables for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let chars: u64 = self.documents.iter().map(|d| d.characters).sum();
        let units: u64 = self.documents.iter().map(|d| d.units).sum();
        let _ = writeln!(
            out,
            "Agreement of {} ({} annotators) over {} documents: {chars} characters, {units} units (a unit is a {})",
            self.annotators.join(", "),
            self.annotators.len(),
            self.documents.len(),
            self.unit
        );
        for s in &self.skipped_documents {
            let _ = writeln!(
                out,
                "skipped: {} (not in {})",
                s.document,
                s.missing_from.join(", ")
            );
        }
        for p in &self.pairs {
            pair_text(&mut out, p);
        }
        let _ = writeln!(
            out,
            "\n== All annotators\n\nKrippendorff's alpha (nominal) over characters"
        );
        coefficient_text(&mut out, &self.all_layers.krippendorff_alpha);
        if let Some(f) = &self.all_layers.fleiss_kappa {
            let _ = writeln!(out, "\nFleiss' kappa over characters");
            coefficient_text(&mut out, f);
        }
        let _ = writeln!(out, "\nPer document");
        let rows: Vec<Vec<String>> = self
            .all_layers
            .documents
            .iter()
            .map(|d| {
                vec![
                    d.document.clone(),
                    num(d.krippendorff_alpha),
                    num(d.fleiss_kappa),
                ]
            })
            .collect();
        table(&mut out, &["document", "alpha", "Fleiss kappa"], &rows);
        if let Some(m) = &self.pair_matrix {
            matrix_text(&mut out, &m.annotators, "Exact span F1", &m.exact_f1);
            matrix_text(&mut out, &m.annotators, "Overlap span F1", &m.overlap_f1);
            matrix_text(&mut out, &m.annotators, "Cohen's kappa", &m.cohen_kappa);
            matrix_text(&mut out, &m.annotators, "CoNLL (clusters)", &m.conll);
        }
        out
    }

    /// Pretty JSON with the field names of [`Report`] (stable; see `docs/team.md`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serialises") + "\n"
    }

    /// One row per metric × scope × document × pair:
    /// `metric,scope,document,annotator_a,annotator_b,value` (`document` empty for the whole
    /// corpus; `annotator_a` = `all` for metrics over all layers; `value` empty when undefined).
    pub fn to_csv(&self) -> String {
        let mut rows = Csv::default();
        for p in &self.pairs {
            let (a, b) = (p.a.as_str(), p.b.as_str());
            for (name, s) in [
                ("span_exact", &p.spans.exact),
                ("span_overlap", &p.spans.overlap),
            ] {
                rows.prf(name, "overall", "", a, b, &s.overall);
                rows.prf(name, "untyped", "", a, b, &s.untyped);
                for (t, x) in &s.by_type {
                    rows.prf(name, &format!("type:{t}"), "", a, b, x);
                }
            }
            rows.coefficient("cohen_kappa", "", a, b, &p.cohen_kappa);
            rows.prf("relation", "overall", "", a, b, &p.relations.overall);
            for (t, x) in &p.relations.by_type {
                rows.prf("relation", &format!("type:{t}"), "", a, b, x);
            }
            rows.prf("argument", "overall", "", a, b, &p.arguments.overall);
            for (t, x) in &p.arguments.by_role {
                rows.prf("argument", &format!("role:{t}"), "", a, b, x);
            }
            for (scope, c) in [
                ("all", &p.clusters.all),
                ("entity", &p.clusters.entity),
                ("event", &p.clusters.event),
            ] {
                rows.chains(scope, "", a, b, c);
            }
            for d in &p.documents {
                let doc = d.document.as_str();
                rows.prf("span_exact", "overall", doc, a, b, &d.exact);
                rows.prf("span_overlap", "overall", doc, a, b, &d.overlap);
                rows.row("cohen_kappa", "overall", doc, a, b, d.cohen_kappa);
                rows.chains("all", doc, a, b, &d.clusters);
            }
        }
        let al = &self.all_layers;
        rows.coefficient("krippendorff_alpha", "", "all", "", &al.krippendorff_alpha);
        if let Some(f) = &al.fleiss_kappa {
            rows.coefficient("fleiss_kappa", "", "all", "", f);
        }
        for d in &al.documents {
            rows.row(
                "krippendorff_alpha",
                "overall",
                &d.document,
                "all",
                "",
                d.krippendorff_alpha,
            );
            if al.fleiss_kappa.is_some() {
                rows.row(
                    "fleiss_kappa",
                    "overall",
                    &d.document,
                    "all",
                    "",
                    d.fleiss_kappa,
                );
            }
        }
        rows.out
    }
}

/// CSV rows under a fixed header; fields quoted when they need it.
struct Csv {
    out: String,
}

impl Default for Csv {
    fn default() -> Self {
        Self {
            out: "metric,scope,document,annotator_a,annotator_b,value\n".to_string(),
        }
    }
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Csv {
    fn row(&mut self, metric: &str, scope: &str, doc: &str, a: &str, b: &str, v: Option<f64>) {
        let value = v.map_or(String::new(), |x| x.to_string());
        let cells = [metric, scope, doc, a, b, value.as_str()].map(field);
        self.out.push_str(&cells.join(","));
        self.out.push('\n');
    }

    fn prf(&mut self, metric: &str, scope: &str, doc: &str, a: &str, b: &str, p: &Prf) {
        self.row(
            &format!("{metric}_precision"),
            scope,
            doc,
            a,
            b,
            p.precision,
        );
        self.row(&format!("{metric}_recall"), scope, doc, a, b, p.recall);
        self.row(&format!("{metric}_f1"), scope, doc, a, b, p.f1);
    }

    fn coefficient(&mut self, metric: &str, doc: &str, a: &str, b: &str, c: &Coefficient) {
        self.row(metric, "overall", doc, a, b, c.overall);
        for (t, v) in &c.by_type {
            self.row(metric, &format!("type:{t}"), doc, a, b, *v);
        }
    }

    fn chains(&mut self, scope: &str, doc: &str, a: &str, b: &str, c: &Option<ClusterScores>) {
        let Some(c) = c else { return };
        for (name, m) in [
            ("muc", &c.muc),
            ("b_cubed", &c.b_cubed),
            ("ceaf_e", &c.ceaf_e),
        ] {
            self.row(&format!("{name}_recall"), scope, doc, a, b, Some(m.recall));
            self.row(
                &format!("{name}_precision"),
                scope,
                doc,
                a,
                b,
                Some(m.precision),
            );
            self.row(&format!("{name}_f1"), scope, doc, a, b, Some(m.f1));
        }
        self.row("conll", scope, doc, a, b, Some(c.conll));
    }
}

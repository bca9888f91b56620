//! What the catalogue knows about a format, in its own file so that the table of formats
//! (`table.rs`) and the entry points (`mod.rs`) share it without importing each other.

/// Every format Weft reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormatId {
    Weft,
    Brat,
    Spacy,
    Doccano,
    Conll,
    LabelStudio,
    WebAnnotation,
    Coref,
    CorefJson,
    EcbPlus,
    Graphml,
    Gexf,
}

/// Whether an export is written to one file or into a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    File,
    Folder,
}

/// One option of a format.
#[derive(Clone, Copy, Debug)]
pub struct OptionInfo {
    pub key: &'static str,
    pub help: &'static str,
    /// The allowed values; empty when any text is allowed.
    pub choices: &'static [&'static str],
    pub default: &'static str,
    /// Whether the option applies to import, export or both.
    pub for_import: bool,
    pub for_export: bool,
}

/// What the catalogue says about one format.
#[derive(Clone, Copy, Debug)]
pub struct FormatInfo {
    pub id: FormatId,
    /// The `--format` value.
    pub key: &'static str,
    pub name: &'static str,
    /// File name endings (without the dot) the importer reads and a file dialog should offer.
    pub extensions: &'static [&'static str],
    pub can_import: bool,
    pub can_export: bool,
    /// Where an export goes (a file, or a folder of files).
    pub output: Output,
    /// The suggested output file name (or folder name) of an export.
    pub default_output: &'static str,
    pub offset_unit: &'static str,
    pub options: &'static [OptionInfo],
}

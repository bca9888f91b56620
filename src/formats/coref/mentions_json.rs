//! The mention-record JSON of cross-document coreference work (see the module docs of `coref`).

//! Decoding a text file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with a
//! BOM, and otherwise Windows-1252, which decodes any byte sequence. Whatever is not plain
//! UTF-8 is reported in a notice, never silently mangled. Re-exported by `store::import`.

/// A decoded text and how it was decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedText {
    pub text: String,
    /// Encoding name as encoding_rs spells it (`UTF-8`, `UTF-16LE`, `windows-1252`).
    pub encoding: String,
    pub had_bom: bool,
    /// Set when the text was not plain UTF-8: what was done, for the user to check.
    pub notice: Option<String>,
}

/// Decodes raw bytes. `what` names the source in notices.
pub fn decode(bytes: &[u8], what: &str) -> ImportedText {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == encoding_rs::UTF_8 {
            if let Ok(s) = std::str::from_utf8(body) {
                return ImportedText {
                    text: s.to_string(),
                    encoding: "UTF-8".into(),
                    had_bom: true,
                    notice: None,
                };
            }
        } else {
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            let notice = if had_errors {
                format!(
                    "{what}: decoded from {} (byte-order mark); some bytes were invalid and became U+FFFD",
                    enc.name()
                )
            } else {
                format!("{what}: decoded from {} (byte-order mark)", enc.name())
            };
            return ImportedText {
                text: text.into_owned(),
                encoding: enc.name().into(),
                had_bom: true,
                notice: Some(notice),
            };
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => ImportedText {
            text: s.to_string(),
            encoding: "UTF-8".into(),
            had_bom: false,
            notice: None,
        },
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            ImportedText {
                text: text.into_owned(),
                encoding: "windows-1252".into(),
                had_bom: false,
                notice: Some(format!(
                    "{what}: not valid UTF-8 (first bad byte at offset {}); decoded as windows-1252 — check accented letters",
                    e.valid_up_to()
                )),
            }
        }
    }
}

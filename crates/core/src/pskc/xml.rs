//! Reading helpers over roxmltree: elements by local name, each carrying its path for errors.
use super::{Limits, PskcError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use roxmltree::{Document, Node, ParsingOptions};
use zeroize::Zeroizing;

/// Longest descriptive text (serial, issuer, names, dates) accepted.
const MAX_TEXT: usize = 256;

/// Parse with DTDs refused (roxmltree's default, made explicit) and the size/node caps applied.
pub(crate) fn parse<'i>(xml: &'i str, limits: &Limits) -> Result<Document<'i>, PskcError> {
    if xml.len() > limits.max_size {
        return Err(PskcError::TooLarge {
            size: xml.len(),
            max: limits.max_size,
        });
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.max_nodes,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(xml, options).map_err(|e| {
        let (mut line, mut column) = (e.pos().row, e.pos().col);
        let reason = match e {
            roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
                // roxmltree has no position here: report where the text stops.
                let tail = xml.rsplit('\n').next().unwrap_or_default();
                line = u32::try_from(xml.matches('\n').count() + 1).unwrap_or(u32::MAX);
                column = u32::try_from(tail.chars().count() + 1).unwrap_or(u32::MAX);
                "the file ends before the document does (truncated?)".to_owned()
            }
            roxmltree::Error::DtdDetected => {
                // roxmltree reports 1:1; point at the declaration itself.
                if let Some(at) = xml.find("<!DOCTYPE") {
                    let before = &xml[..at];
                    line = u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX);
                    let tail = before.rsplit('\n').next().unwrap_or_default();
                    column = u32::try_from(tail.chars().count() + 1).unwrap_or(u32::MAX);
                }
                "a DTD (<!DOCTYPE>, entity declarations) is not allowed in a seed file".to_owned()
            }
            roxmltree::Error::NodesLimitReached => {
                format!("more than {} XML nodes", limits.max_nodes)
            }
            other => {
                // roxmltree appends " at R:C"; the position is reported separately.
                let s = other.to_string();
                match s.rfind(" at ") {
                    Some(i) => s[..i].to_owned(),
                    None => s,
                }
            }
        };
        PskcError::Xml {
            line,
            column,
            reason,
        }
    })
}

/// An element and the path that names it in errors, e.g. `KeyPackage[2]/Key/Data/Secret`.
#[derive(Clone)]
pub(crate) struct El<'a, 'input> {
    pub(crate) node: Node<'a, 'input>,
    pub(crate) path: String,
}

impl<'a, 'input> El<'a, 'input> {
    pub(crate) fn root(doc: &'a Document<'input>) -> Self {
        let node = doc.root_element();
        El {
            node,
            path: node.tag_name().name().to_owned(),
        }
    }

    fn wrap(&self, node: Node<'a, 'input>, label: String) -> Self {
        El {
            node,
            path: format!("{}/{}", self.path, label),
        }
    }

    /// Child elements with this local name (namespaces vary between writers; names do not).
    pub(crate) fn all(&self, name: &'static str) -> Vec<El<'a, 'input>> {
        let nodes: Vec<_> = self
            .node
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == name)
            .collect();
        let numbered = nodes.len() > 1;
        nodes
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                let label = if numbered {
                    format!("{name}[{}]", i + 1)
                } else {
                    name.to_owned()
                };
                self.wrap(n, label)
            })
            .collect()
    }

    pub(crate) fn child(&self, name: &'static str) -> Option<El<'a, 'input>> {
        self.node
            .children()
            .find(|n| n.is_element() && n.tag_name().name() == name)
            .map(|n| self.wrap(n, name.to_owned()))
    }

    pub(crate) fn req(&self, name: &'static str) -> Result<El<'a, 'input>, PskcError> {
        self.child(name).ok_or_else(|| PskcError::Missing {
            element: self.path.clone(),
            what: format!("<{name}>"),
        })
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&'a str> {
        self.node.attribute(name)
    }

    pub(crate) fn req_attr(&self, name: &'static str) -> Result<&'a str, PskcError> {
        self.attr(name).ok_or_else(|| PskcError::Missing {
            element: self.path.clone(),
            what: format!("attribute {name}"),
        })
    }

    pub(crate) fn bad(&self, reason: impl Into<String>) -> PskcError {
        PskcError::BadValue {
            element: self.path.clone(),
            reason: reason.into(),
        }
    }

    pub(crate) fn unsupported(&self, what: &'static str, value: &str) -> PskcError {
        PskcError::Unsupported {
            element: self.path.clone(),
            what,
            value: printable(value),
        }
    }

    /// All text inside, trimmed (values may be wrapped over lines, as in the RFC's figures).
    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        for d in self.node.descendants().filter(|n| n.is_text()) {
            s.push_str(d.text().unwrap_or_default());
        }
        s.trim().to_owned()
    }

    /// Descriptive text: at most 256 characters, no control characters.
    pub(crate) fn label(&self) -> Result<String, PskcError> {
        let t = self.text();
        if t.chars().count() > MAX_TEXT {
            return Err(self.bad(format!("longer than {MAX_TEXT} characters")));
        }
        if t.chars().any(char::is_control) {
            return Err(self.bad("contains control characters"));
        }
        Ok(t)
    }

    pub(crate) fn opt_label(&self, name: &'static str) -> Result<Option<String>, PskcError> {
        self.child(name).map(|c| c.label()).transpose()
    }

    /// Base64 content, whitespace anywhere ignored. Errors give the offset, never the content.
    pub(crate) fn base64(&self) -> Result<Zeroizing<Vec<u8>>, PskcError> {
        let compact: Zeroizing<String> = Zeroizing::new(
            self.text()
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect(),
        );
        match STANDARD.decode(compact.as_bytes()) {
            Ok(v) => Ok(Zeroizing::new(v)),
            Err(base64::DecodeError::InvalidByte(at, _))
            | Err(base64::DecodeError::InvalidLastSymbol { offset: at, .. }) => {
                Err(self.bad(format!(
                    "not valid base64 (base64 character {}, whitespace not counted)",
                    at + 1
                )))
            }
            Err(_) => Err(self.bad("not valid base64 (bad length or padding)")),
        }
    }

    pub(crate) fn u64_text(&self) -> Result<u64, PskcError> {
        let t = self.text();
        t.parse()
            .map_err(|_| self.bad(format!("'{}' is not a non-negative integer", printable(&t))))
    }

    pub(crate) fn u32_attr(&self, name: &'static str) -> Result<Option<u32>, PskcError> {
        self.attr(name)
            .map(|v| {
                v.trim().parse().map_err(|_| {
                    self.bad(format!(
                        "attribute {name} '{}' is not a number",
                        printable(v)
                    ))
                })
            })
            .transpose()
    }
}

/// A non-secret value quoted in an error: at most 80 characters, control characters dropped.
pub(crate) fn printable(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// Escape text and attribute values for writing.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

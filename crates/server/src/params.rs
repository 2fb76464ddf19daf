//! Request parameters as privacyIDEA reads them: the query string, a form body and a JSON
//! object body, merged (the query wins over the form, a JSON body over both; the first of a
//! repeated name counts). Pure, so the fuzz target drives exactly what the server runs.
use zeroize::Zeroizing;

/// Why a body could not be read (answered 400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("the JSON body is not valid JSON: {0}")]
    BadJson(String),
    #[error("the JSON body must be an object of parameters")]
    NotObject,
}

/// The merged parameters; values are wiped from memory when dropped (they hold PINs).
#[derive(Default)]
pub struct Params(Vec<(String, Zeroizing<String>)>);

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A value, with an empty one counted as absent (privacyIDEA's `getParam(optional=True)`).
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Sets `name` unless the request already gave it (a path segment such as `/token/reset/S`).
    pub fn default_to(&mut self, name: &str, value: &str) {
        self.add(name.to_owned(), value.to_owned());
    }

    fn add(&mut self, k: String, v: String) {
        if self.get(&k).is_none() {
            self.0.push((k, Zeroizing::new(v)));
        }
    }

    fn set(&mut self, k: String, v: String) {
        match self.0.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = Zeroizing::new(v),
            None => self.0.push((k, Zeroizing::new(v))),
        }
    }

    /// Adds a form-encoded text (query string or body); names already present keep their value.
    pub fn add_form(&mut self, text: &[u8]) {
        for (k, v) in form_urlencoded::parse(text) {
            self.add(k.into_owned(), v.into_owned());
        }
    }
}

/// What kind of body the Content-Type announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Form,
    Json,
    Multipart,
    Other,
}

pub fn body_kind(content_type: Option<&str>) -> BodyKind {
    let ct = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match ct.as_str() {
        "application/x-www-form-urlencoded" => BodyKind::Form,
        "application/json" => BodyKind::Json,
        "multipart/form-data" => BodyKind::Multipart,
        // privacyIDEA reads a body without a type as a form (werkzeug does too).
        "" => BodyKind::Form,
        _ => BodyKind::Other,
    }
}

/// Query string plus body. A multipart body is left to the caller (only `/token/load` has one).
pub fn parse(
    query: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Params, ParamError> {
    let mut p = Params::default();
    if let Some(q) = query {
        p.add_form(q.as_bytes());
    }
    match body_kind(content_type) {
        BodyKind::Form => p.add_form(body),
        BodyKind::Json if !body.iter().all(u8::is_ascii_whitespace) => {
            let v: serde_json::Value =
                serde_json::from_slice(body).map_err(|e| ParamError::BadJson(e.to_string()))?;
            let serde_json::Value::Object(map) = v else {
                return Err(ParamError::NotObject);
            };
            for (k, v) in map {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                p.set(k, text);
            }
        }
        _ => {}
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_query_form_and_json_as_privacyidea() {
        let p = parse(Some("user=a&pass=1&user=b"), None, b"").unwrap();
        assert_eq!((p.get("user"), p.get("pass")), (Some("a"), Some("1")));
        let p = parse(
            Some("user=q"),
            Some("application/x-www-form-urlencoded"),
            b"user=f&pass=%2B1+2",
        )
        .unwrap();
        assert_eq!((p.get("user"), p.get("pass")), (Some("q"), Some("+1 2")));
        let p = parse(
            Some("user=q"),
            Some("application/json; charset=utf-8"),
            br#"{"user":"j","pass":123456,"x":null}"#,
        )
        .unwrap();
        assert_eq!(
            (p.get("user"), p.get("pass"), p.get("x")),
            (Some("j"), Some("123456"), Some(""))
        );
        assert_eq!(p.non_empty("x"), None);
    }

    #[test]
    fn bad_bodies_are_errors_not_panics() {
        assert!(matches!(
            parse(None, Some("application/json"), b"{"),
            Err(ParamError::BadJson(_))
        ));
        assert_eq!(
            parse(None, Some("application/json"), b"[1]").err(),
            Some(ParamError::NotObject)
        );
        assert!(parse(None, Some("application/json"), b"  ").is_ok());
        // Invalid UTF-8 in a form is replaced, never a crash.
        assert_eq!(
            parse(None, None, b"pass=%ff").unwrap().get("pass"),
            Some("\u{fffd}")
        );
        assert!(
            parse(None, Some("text/plain"), b"pass=1")
                .unwrap()
                .get("pass")
                .is_none()
        );
    }
}

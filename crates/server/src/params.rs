//! Request parameters as privacyIDEA reads them: the query string, a form body and a JSON
//! object body, merged (the query wins over the form, a JSON body over both; the first of a
//! repeated name counts). Pure, so the fuzz target drives exactly what the server runs.
//! Linear in the input (names are hashed) and capped at [`MAX_PARAMS`] names, so no request
//! can tie up a worker thread; every value read, kept or dropped, is wiped.
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use zeroize::{Zeroize, Zeroizing};

/// The most distinct names one request may carry (privacyIDEA's calls use about ten).
pub const MAX_PARAMS: usize = 256;

/// Why a request's parameters could not be read (answered 400, ERR905).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("the JSON body is not valid JSON: {0}")]
    BadJson(String),
    #[error("the JSON body must be an object of parameters")]
    NotObject,
    #[error("too many parameters: at most {MAX_PARAMS} names are read")]
    TooMany,
}

/// The merged parameters; values are wiped from memory when dropped (they hold PINs).
#[derive(Default)]
pub struct Params {
    /// In the order first seen (`names`).
    list: Vec<(String, Zeroizing<String>)>,
    /// Name to its place in `list`: one lookup per pair, not a scan.
    index: HashMap<String, usize>,
}

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.index.get(name).map(|&i| self.list[i].1.as_str())
    }

    /// A value, with an empty one counted as absent (privacyIDEA's `getParam(optional=True)`).
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|(k, _)| k.as_str())
    }

    /// Sets `name` unless the request already gave it (a path segment such as `/token/reset/S`).
    /// Not counted against [`MAX_PARAMS`]: the server adds it, not the request.
    pub fn default_to(&mut self, name: &str, value: &str) {
        if !self.index.contains_key(name) {
            self.push(name.to_owned(), Zeroizing::new(value.to_owned()));
        }
    }

    /// Adds one value unless `name` is already present (then the new value is wiped).
    pub fn add(&mut self, name: String, value: String) -> Result<(), ParamError> {
        let value = Zeroizing::new(value);
        if self.index.contains_key(&name) {
            return Ok(());
        }
        self.room()?;
        self.push(name, value);
        Ok(())
    }

    /// Sets `name`, replacing (and wiping) a value given before.
    fn set(&mut self, name: String, value: String) -> Result<(), ParamError> {
        let value = Zeroizing::new(value);
        match self.index.entry(name) {
            Entry::Occupied(e) => self.list[*e.get()].1 = value,
            Entry::Vacant(e) => {
                if self.list.len() >= MAX_PARAMS {
                    return Err(ParamError::TooMany);
                }
                self.list.push((e.key().clone(), value));
                e.insert(self.list.len() - 1);
            }
        }
        Ok(())
    }

    fn room(&self) -> Result<(), ParamError> {
        if self.list.len() >= MAX_PARAMS {
            Err(ParamError::TooMany)
        } else {
            Ok(())
        }
    }

    fn push(&mut self, name: String, value: Zeroizing<String>) {
        self.index.insert(name.clone(), self.list.len());
        self.list.push((name, value));
    }

    /// Adds a form-encoded text (query string or body); names already present keep their value.
    /// Stops at the first name past [`MAX_PARAMS`].
    pub fn add_form(&mut self, text: &[u8]) -> Result<(), ParamError> {
        for (k, v) in form_urlencoded::parse(text) {
            self.add(k.into_owned(), v.into_owned())?;
        }
        Ok(())
    }

    /// Sets the members of a JSON object body, one at a time as they are parsed (the map is
    /// never built whole): a later duplicate replaces an earlier one, as serde_json's map does.
    fn set_json(&mut self, body: &[u8]) -> Result<(), ParamError> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let mut why = None;
        let read = JsonBody {
            params: self,
            why: &mut why,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end());
        match (read, why) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(e)) => Err(e),
            (Err(e), None) => Err(ParamError::BadJson(e.to_string())),
        }
    }
}

/// A JSON value as its parameter text: a string itself, null empty, anything else its JSON.
fn json_text(mut v: serde_json::Value) -> String {
    let text = match &mut v {
        serde_json::Value::String(s) => return std::mem::take(s),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    wipe(&mut v);
    text
}

/// Zeroizes every string inside `v` (nested arrays and objects may hold a PIN too).
fn wipe(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => s.zeroize(),
        serde_json::Value::Array(a) => a.iter_mut().for_each(wipe),
        serde_json::Value::Object(m) => m.values_mut().for_each(wipe),
        _ => {}
    }
}

/// Streams a JSON object's members into [`Params`]; `why` keeps a refusal of ours apart from
/// a syntax error of serde_json's.
struct JsonBody<'p> {
    params: &'p mut Params,
    why: &'p mut Option<ParamError>,
}

impl<'de> DeserializeSeed<'de> for JsonBody<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonBody<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object of parameters")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            let text = json_text(map.next_value()?);
            if let Err(e) = self.params.set(name, text) {
                *self.why = Some(e);
                return Err(A::Error::custom("refused"));
            }
        }
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_object()
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.not_object()
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.not_object()
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.not_object()
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.not_object()
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.not_object()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.not_object()
    }
}

impl JsonBody<'_> {
    fn not_object<E: serde::de::Error>(self) -> Result<(), E> {
        *self.why = Some(ParamError::NotObject);
        Err(E::custom("not an object"))
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
        p.add_form(q.as_bytes())?;
    }
    match body_kind(content_type) {
        BodyKind::Form => p.add_form(body)?,
        BodyKind::Json if !body.iter().all(u8::is_ascii_whitespace) => p.set_json(body)?,
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

    /// `n` distinct names `p0=v&p1=v&...`.
    fn names(n: usize) -> String {
        (0..n)
            .map(|i| format!("p{i}=v"))
            .collect::<Vec<_>>()
            .join("&")
    }

    #[test]
    fn at_most_max_params_names_and_repeats_do_not_count() {
        let q = names(MAX_PARAMS);
        let p = parse(Some(&q), None, b"").unwrap();
        assert_eq!(p.names().count(), 256);
        assert_eq!(p.get("p255"), Some("v"));
        // The cap counts names, not pairs: repeating one is cheap and keeps the first value.
        let again = format!("{q}&p0=w&p0=x");
        assert_eq!(parse(Some(&again), None, b"").unwrap().get("p0"), Some("v"));
        let over = names(MAX_PARAMS + 1);
        assert_eq!(
            parse(Some(&over), None, b"").err(),
            Some(ParamError::TooMany)
        );
        // Query and body share the cap.
        let body = "pX=1";
        assert_eq!(
            parse(Some(&q), None, body.as_bytes()).err(),
            Some(ParamError::TooMany)
        );
        let many = names(100_000);
        assert_eq!(
            parse(None, None, many.as_bytes()).err(),
            Some(ParamError::TooMany)
        );
    }

    #[test]
    fn json_members_are_streamed_under_the_same_cap() {
        let members = |n: usize| {
            let m: Vec<String> = (0..n).map(|i| format!("\"p{i}\":{i}")).collect();
            format!("{{{}}}", m.join(","))
        };
        let json = Some("application/json");
        let p = parse(None, json, members(MAX_PARAMS).as_bytes()).unwrap();
        assert_eq!(p.get("p7"), Some("7"));
        assert_eq!(
            parse(None, json, members(MAX_PARAMS + 1).as_bytes()).err(),
            Some(ParamError::TooMany)
        );
        // A repeated member: the last one counts (serde_json's map did the same).
        let p = parse(
            None,
            json,
            br#"{"pass":"1","pass":"2","l":[1,"a"],"o":{"k":true}}"#,
        );
        let p = p.unwrap();
        assert_eq!(
            (p.get("pass"), p.get("l"), p.get("o")),
            (Some("2"), Some(r#"[1,"a"]"#), Some(r#"{"k":true}"#))
        );
        assert!(matches!(
            parse(None, json, br#"{"a":1} x"#),
            Err(ParamError::BadJson(_))
        ));
        assert_eq!(
            parse(None, json, br#""text""#).err(),
            Some(ParamError::NotObject)
        );
    }
}

#![no_main]
//! Fuzz target: the radius-clients file parser never panics, and what it accepts renders to a
//! text that parses to the same table.
use libfuzzer_sys::fuzz_target;
use softpass_core::radius::ClientTable;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(table) = ClientTable::parse(text) else {
        return;
    };
    let rendered = table.render();
    let again = ClientTable::parse(&rendered).expect("rendered tables parse");
    assert_eq!(again.render(), rendered);
});

//! Arbitrary bytes into `yuebao import`. The importer promises (src/import.rs)
//! an issue or an `ImportError` for any input, never a panic; and the issue
//! it returns is what `yuebao import` writes with [`import::to_toml`], so that
//! file must load back through the issue model as the same, valid issue.
//!
//! `ImportError::Invalid` (the assembled issue broke a rule of the model) is
//! an answer the importer may give, so it is not a failure here.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yuebao::import::{self, Options};
use yuebao::model::{Format, Issue};

fuzz_target!(|bytes: &[u8]| {
    // The input's length picks `--keep-spaces`: both settings are covered
    // without importing every input twice.
    let options = Options {
        keep_spaces: bytes.len() % 3 == 0,
    };
    match import::import_bytes(bytes, options) {
        Ok(imported) => {
            let toml = import::to_toml(&imported.issue);
            let reread = Issue::parse(&toml, Format::Toml)
                .unwrap_or_else(|problems| panic!("written file does not load: {problems:?}"));
            assert_eq!(reread, imported.issue, "written file loads differently");
            assert!(
                imported.warnings.is_sorted_by_key(|w| w.line),
                "warnings out of line order"
            );
            for warning in &imported.warnings {
                assert!(warning.line >= 1, "warning at line 0: {warning}");
            }
        }
        // The message is what the user sees: it must format too.
        Err(error) => {
            let _ = error.to_string();
        }
    }
});

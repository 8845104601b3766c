//! Embeds themes/default into the binary, so an installed `clustersite` can
//! build a site that has no themes/ folder of its own, and gives the binary
//! an identity made from its code, so that a rebuild reuses pages only from
//! a build made by the same code (`src/output/record.rs`).

use std::fmt::Write as _;
use std::hash::Hasher as _;
use std::path::Path;

fn main() {
    embed_default_theme();
    identify_the_code();
}

/// `CLUSTERSITE_CODE_ID`: a hash of every file the binary is made from (the
/// source, the manifest, the locked dependency versions, this file; the
/// built-in theme is hashed at run time with the site's own layers, see
/// `theme::fingerprint`). SipHash with fixed
/// keys: the same code gives the same identity on every machine.
fn identify_the_code() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<_> = walkdir::WalkDir::new(manifest.join("src"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    inputs.sort();
    inputs.extend(["Cargo.toml", "Cargo.lock", "build.rs"].map(|f| manifest.join(f)));
    #[allow(deprecated)] // SipHasher: stable output, unlike DefaultHasher's promise.
    let mut hash = std::hash::SipHasher::new();
    for path in &inputs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.strip_prefix(manifest).unwrap().to_string_lossy();
        let bytes = std::fs::read(path).unwrap_or_default();
        // Lengths first, so that no two different file sets hash alike.
        hash.write_usize(name.len());
        hash.write(name.as_bytes());
        hash.write_usize(bytes.len());
        hash.write(&bytes);
    }
    println!("cargo:rerun-if-changed={}", manifest.join("src").display());
    println!(
        "cargo:rustc-env=CLUSTERSITE_CODE_ID={}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        hash.finish()
    );
}

fn embed_default_theme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut code = String::from("pub const FILES: &[(&str, &[u8])] = &[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&root).unwrap();
        let name: Vec<_> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            name.join("/"),
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(out, code).unwrap();
}

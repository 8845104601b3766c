//! Made-up names: clusters, schools and children's centres, unique where the
//! content model needs them to be.

use std::collections::HashSet;

use crate::rng::Rng;
use crate::words::{
    CLUSTER_QUALIFIERS, FEATURES, PLACE_ENDS, PLACE_STARTS, PRIMARY_KINDS, SECONDARY_KINDS,
};

/// Lower-case, hyphen-separated, apostrophes dropped (as clustersite derives slugs).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if c == '\'' {
            continue;
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// "Oakfield", "Brambeck".
pub fn place(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(PLACE_STARTS), rng.pick(PLACE_ENDS))
}

/// Up to `count` names from `make` whose slugs are not yet in `taken`.
/// Gives up on a name after many collisions so that a tiny name space
/// cannot loop forever; callers check the count they get.
fn unique_names(
    rng: &mut Rng,
    taken: &mut HashSet<String>,
    count: usize,
    mut make: impl FnMut(&mut Rng) -> String,
) -> Vec<String> {
    const ATTEMPTS: usize = 1000;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        let found = (0..ATTEMPTS)
            .map(|_| make(rng))
            .find(|name| taken.insert(slugify(name)));
        names.extend(found);
    }
    names
}

/// `count` cluster names with distinct slugs: "Oakfield", "Inner Brambeck",
/// "Ashley and Kirkdale".
pub fn cluster_names(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut taken = HashSet::new();
    let names = unique_names(rng, &mut taken, count, |rng| match rng.below(10) {
        0..=3 => place(rng),
        4..=7 => format!("{} {}", rng.pick(CLUSTER_QUALIFIERS), place(rng)),
        _ => format!("{} and {}", place(rng), place(rng)),
    });
    assert_eq!(names.len(), count, "ran out of cluster names");
    names
}

fn primary_school(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("{} {}", place(rng), rng.pick(PRIMARY_KINDS)),
        _ => format!(
            "{} {} {}",
            place(rng),
            rng.pick(FEATURES),
            rng.pick(PRIMARY_KINDS)
        ),
    }
}

fn secondary_school(rng: &mut Rng) -> String {
    match rng.below(2) {
        0 => format!("{} {}", place(rng), rng.pick(SECONDARY_KINDS)),
        _ => format!(
            "{} {} {}",
            place(rng),
            rng.pick(FEATURES),
            rng.pick(SECONDARY_KINDS)
        ),
    }
}

/// School names unique across the whole site (`taken` holds every slug so far).
pub fn schools(
    rng: &mut Rng,
    taken: &mut HashSet<String>,
    primary: usize,
    secondary: usize,
) -> (Vec<String>, Vec<String>) {
    let primaries = unique_names(rng, taken, primary, primary_school);
    let secondaries = unique_names(rng, taken, secondary, secondary_school);
    (primaries, secondaries)
}

/// Children's centre names, unique within one cluster: "Oakfield", "Kirkdale Green".
pub fn centres(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut taken = HashSet::new();
    unique_names(rng, &mut taken, count, |rng| {
        if rng.chance(50) {
            place(rng)
        } else {
            format!("{} {}", place(rng), rng.pick(FEATURES))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_matches_clustersite() {
        assert_eq!(
            slugify("Hill Top C of E Primary"),
            "hill-top-c-of-e-primary"
        );
        assert_eq!(slugify("Children's Social Work"), "childrens-social-work");
    }

    #[test]
    fn cluster_names_are_unique() {
        let names = cluster_names(&mut Rng::new(3), 3000);
        let slugs: HashSet<String> = names.iter().map(|n| slugify(n)).collect();
        assert_eq!(slugs.len(), 3000);
    }
}

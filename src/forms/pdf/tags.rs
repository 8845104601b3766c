//! The logical structure tree (tagged PDF) and its parent tree.
//!
//! Parent tree keys: widget annotations use their widget index (known
//! before layout), pages follow after them.

use pdf_writer::types::StructRole;
use pdf_writer::{Name, Pdf, Ref, TextStr};

use super::Refs;

enum Kid {
    Elem(usize),
    Content { page: usize, mcid: i32 },
    Annot { page: usize, annot: Ref },
}

struct Elem {
    role: StructRole,
    parent: Option<usize>,
    kids: Vec<Kid>,
    /// The text drawn for the element, line after line.
    text: String,
    /// Whether a line of it was drawn out of left-to-right order: the
    /// element then carries its text as /ActualText, the standard's
    /// replacement text (pdf.js hands it to screen readers), so no reader
    /// has to guess the order from where the glyphs sit.
    reordered: bool,
}

pub struct Tree {
    elems: Vec<Elem>,
    /// Per page: the element owning each MCID, in MCID order.
    page_mcids: Vec<Vec<usize>>,
    /// Per widget (= parent tree key): its `Form` element.
    widget_elems: Vec<usize>,
}

impl Tree {
    /// The `Document` element everything hangs off.
    pub const ROOT: usize = 0;

    pub fn new() -> Self {
        Self {
            elems: vec![Elem {
                role: StructRole::Document,
                parent: None,
                kids: Vec::new(),
                text: String::new(),
                reordered: false,
            }],
            page_mcids: Vec::new(),
            widget_elems: Vec::new(),
        }
    }

    pub fn add(&mut self, parent: usize, role: StructRole) -> usize {
        let id = self.elems.len();
        self.elems.push(Elem {
            role,
            parent: Some(parent),
            kids: Vec::new(),
            text: String::new(),
            reordered: false,
        });
        self.elems[parent].kids.push(Kid::Elem(id));
        id
    }

    /// A `Form` element for a widget; its index is the widget's key.
    pub fn add_widget(&mut self, parent: usize) -> (usize, usize) {
        let elem = self.add(parent, StructRole::Form);
        self.widget_elems.push(elem);
        (elem, self.widget_elems.len() - 1)
    }

    pub fn role_name(&self, elem: usize) -> Name<'static> {
        self.elems[elem].role.to_name()
    }

    /// Allocates the next MCID on `page` for content of `elem`.
    pub fn mark_content(&mut self, elem: usize, page: usize) -> i32 {
        if self.page_mcids.len() <= page {
            self.page_mcids.resize_with(page + 1, Vec::new);
        }
        let mcids = &mut self.page_mcids[page];
        let mcid = mcids.len() as i32;
        mcids.push(elem);
        self.elems[elem].kids.push(Kid::Content { page, mcid });
        mcid
    }

    /// Records a line drawn for `elem`, in logical order.
    pub fn add_text(&mut self, elem: usize, line: &str, reordered: bool) {
        let elem = &mut self.elems[elem];
        elem.text.push_str(line);
        elem.reordered |= reordered;
    }

    /// Links widget `key`'s annotation into its `Form` element.
    pub fn link_widget(&mut self, key: usize, page: usize, annot: Ref) {
        let elem = self.widget_elems[key];
        self.elems[elem].kids.push(Kid::Annot { page, annot });
    }

    /// The /StructParents key of page `page`.
    pub fn page_key(&self, page: usize) -> i32 {
        (self.widget_elems.len() + page) as i32
    }

    /// Writes the tree; returns the StructTreeRoot's ref.
    pub fn write(&self, pdf: &mut Pdf, refs: &mut Refs, pages: &[Ref]) -> Ref {
        let root = refs.next();
        let elem_refs: Vec<Ref> = self.elems.iter().map(|_| refs.next()).collect();
        let mcid_arrays: Vec<Ref> = pages.iter().map(|_| refs.next()).collect();

        for (i, elem) in self.elems.iter().enumerate() {
            let parent = elem.parent.map_or(root, |p| elem_refs[p]);
            write_elem(pdf, elem_refs[i], parent, elem, &elem_refs, pages);
        }
        for (page, array) in mcid_arrays.iter().enumerate() {
            let owners = self.page_mcids.get(page).map_or(&[][..], Vec::as_slice);
            pdf.indirect(*array)
                .array()
                .items(owners.iter().map(|&e| elem_refs[e]));
        }

        let mut tree = pdf
            .indirect(root)
            .start::<pdf_writer::writers::StructTreeRoot>();
        tree.child(elem_refs[Self::ROOT]);
        tree.parent_tree_next_key(self.page_key(pages.len()));
        let mut parent_tree = tree.parent_tree();
        let mut nums = parent_tree.nums();
        // Keys must ascend: widgets first, then pages.
        for (key, &elem) in self.widget_elems.iter().enumerate() {
            nums.insert(key as i32, elem_refs[elem]);
        }
        for (page, &array) in mcid_arrays.iter().enumerate() {
            nums.insert(self.page_key(page), array);
        }
        root
    }
}

impl Default for Tree {
    fn default() -> Self {
        Self::new()
    }
}

/// The page of an element's first content, used as its /Pg.
fn first_page(elem: &Elem) -> Option<usize> {
    elem.kids.iter().find_map(|kid| match kid {
        Kid::Content { page, .. } | Kid::Annot { page, .. } => Some(*page),
        Kid::Elem(_) => None,
    })
}

fn write_elem(pdf: &mut Pdf, id: Ref, parent: Ref, elem: &Elem, elems: &[Ref], pages: &[Ref]) {
    let mut writer = pdf.struct_element(id);
    writer.kind(elem.role).parent(parent);
    if elem.reordered {
        writer.actual_text(TextStr(&elem.text));
    }
    let home = first_page(elem);
    if let Some(page) = home {
        writer.page(pages[page]);
    }
    let mut kids = writer.children();
    for kid in &elem.kids {
        match *kid {
            Kid::Elem(e) => {
                kids.struct_element(elems[e]);
            }
            Kid::Content { page, mcid } if Some(page) == home => {
                kids.marked_content_id(mcid);
            }
            Kid::Content { page, mcid } => {
                kids.marked_content_ref()
                    .marked_content_id(mcid)
                    .page(pages[page]);
            }
            Kid::Annot { page, annot } => {
                kids.object_ref().object(annot).page(pages[page]);
            }
        }
    }
}

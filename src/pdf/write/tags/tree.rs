//! The structure tree: built from the pages' marks in page order, then written as
//! lopdf objects with its parent tree.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::{Kind, Mark, Marks, Owned, Owner};

/// A child of a structure element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kid {
    /// Another element.
    Elem(usize),
    /// A marked-content sequence on a page.
    Mcid { page: usize, mcid: u32 },
    /// A link annotation, by link number.
    Objr { link: usize },
}

/// A structure element being built.
#[derive(Debug)]
struct Elem {
    /// Structure type (`P`, `H1`, …).
    typ: &'static str,
    /// Parent element (the root is its own parent).
    parent: usize,
    kids: Vec<Kid>,
    alt: Option<String>,
    lang: Option<&'static str>,
    /// Link number of a `Link` element.
    link: Option<usize>,
}

/// The elements in creation order (a parent always before its children), the root first.
#[derive(Debug)]
pub struct Tree {
    elems: Vec<Elem>,
    /// Each section's `Sect`.
    sects: HashMap<u32, usize>,
    /// Each block's element, by section, block and family (`P`/`H`, `LI`, `TOCI`).
    blocks: HashMap<(u32, u32, u8), usize>,
    /// Each link's `Link` element.
    links: HashMap<u32, usize>,
    /// For each page, the element holding each of its MCIDs.
    parents: Vec<Vec<usize>>,
}

/// The alternative text of a picture.
pub type AltOf<'a> = dyn Fn(Owned) -> String + 'a;

impl Tree {
    /// Builds the tree from every page's marks (in the order the pages' content streams
    /// draw them, as [`crate::pdf::draw::Plan::marks`] lists them).
    pub fn build<'a>(pages: impl IntoIterator<Item = &'a [Marks]>, alt: &AltOf<'_>) -> Tree {
        let mut tree = Tree {
            elems: vec![Elem {
                typ: "Document",
                parent: 0,
                kids: Vec::new(),
                alt: None,
                lang: None,
                link: None,
            }],
            sects: HashMap::new(),
            blocks: HashMap::new(),
            links: HashMap::new(),
            parents: Vec::new(),
        };
        for (page, marks) in pages.into_iter().enumerate() {
            let mut parents = Vec::new();
            let mut last: Option<Mark> = None;
            for (_, mark) in marks.iter().flatten() {
                // Text going on with the mark of the text before it stays in its
                // sequence (see `Content::marked_line`); pictures never do.
                let goes_on = last == Some(*mark)
                    && matches!(mark, Mark::Content(o) if matches!(o.kind, Owned::Text(_)));
                last = Some(*mark);
                if goes_on {
                    continue;
                }
                if let Mark::Content(owner) = mark {
                    let e = tree.place(owner, alt);
                    let mcid = parents.len() as u32;
                    tree.elems[e].kids.push(Kid::Mcid { page, mcid });
                    parents.push(e);
                }
            }
            tree.parents.push(parents);
        }
        tree
    }

    fn push(&mut self, parent: usize, typ: &'static str) -> usize {
        let e = self.elems.len();
        self.elems.push(Elem {
            typ,
            parent,
            kids: Vec::new(),
            alt: None,
            lang: None,
            link: None,
        });
        self.elems[parent].kids.push(Kid::Elem(e));
        e
    }

    /// The last child of `parent` if it is a `typ`, else a new one.
    fn last_or_new(&mut self, parent: usize, typ: &'static str) -> usize {
        match self.elems[parent].kids.last() {
            Some(Kid::Elem(e)) if self.elems[*e].typ == typ => *e,
            _ => self.push(parent, typ),
        }
    }

    /// The element that takes the content of `o` as a child.
    fn place(&mut self, o: &Owner, alt: &AltOf<'_>) -> usize {
        let sect = match self.sects.get(&o.section) {
            Some(&s) => s,
            None => {
                let s = self.push(0, "Sect");
                self.sects.insert(o.section, s);
                s
            }
        };
        let kind = match o.kind {
            Owned::Figure(_) | Owned::Cover => {
                let f = self.push(sect, "Figure");
                self.elems[f].alt = Some(alt(o.kind));
                return f;
            }
            Owned::Text(k) => k,
        };
        let family = match kind {
            Kind::Lbl | Kind::LBody => 1,
            Kind::Toci => 2,
            _ => 0,
        };
        let key = (o.section, o.block, family);
        let block = match self.blocks.get(&key) {
            Some(&b) => b,
            None => {
                let b = match kind {
                    Kind::Lbl | Kind::LBody => {
                        let list = self.last_or_new(sect, "L");
                        let li = self.push(list, "LI");
                        self.push(li, "Lbl");
                        self.push(li, "LBody");
                        li
                    }
                    Kind::Toci => {
                        let toc = self.last_or_new(sect, "TOC");
                        let toci = self.push(toc, "TOCI");
                        self.push(toci, "Reference");
                        toci
                    }
                    Kind::P => self.push(sect, "P"),
                    Kind::H1 => self.push(sect, "H1"),
                    Kind::H2 => self.push(sect, "H2"),
                    Kind::Quote => self.push(sect, "BlockQuote"),
                };
                self.blocks.insert(key, b);
                b
            }
        };
        let child = |tree: &Tree, i: usize| match tree.elems[block].kids.get(i) {
            Some(Kid::Elem(e)) => *e,
            _ => block,
        };
        let container = match kind {
            Kind::Lbl | Kind::Toci => child(self, 0),
            Kind::LBody => child(self, 1),
            _ => block,
        };
        let container = match o.link {
            Some(k) => match self.links.get(&k) {
                Some(&l) => l,
                None => {
                    let l = self.push(container, "Link");
                    self.elems[l].link = Some(k as usize);
                    self.links.insert(k, l);
                    l
                }
            },
            None => container,
        };
        match o.lang {
            Some(lang) => {
                let s = self.push(container, "Span");
                self.elems[s].lang = Some(lang);
                s
            }
            None => container,
        }
    }

    /// Writes the tree: `StructTreeRoot` with its parent tree, `/StructParents` and
    /// `/Tabs /S` on every page, `/StructParent` on every link annotation that has an
    /// element (`annots[k]`: link `k`'s annotation, if it was written). Returns the root.
    pub fn write(
        mut self,
        doc: &mut Document,
        pages: &[ObjectId],
        annots: &[Option<(ObjectId, usize)>],
    ) -> ObjectId {
        // A link whose annotation was not written (no destination) is plain text.
        for e in &mut self.elems {
            if let Some(k) = e.link {
                match annots.get(k).copied().flatten() {
                    Some(_) => e.kids.push(Kid::Objr { link: k }),
                    None => e.typ = "Span",
                }
            }
        }
        // Elements with nothing in them are left out (children come after parents).
        let mut alive = vec![false; self.elems.len()];
        for i in (0..self.elems.len()).rev() {
            alive[i] = i == 0
                || self.elems[i].kids.iter().any(|k| match k {
                    Kid::Elem(c) => alive[*c],
                    Kid::Mcid { .. } | Kid::Objr { .. } => true,
                });
        }
        let root_id = doc.new_object_id();
        let ids: Vec<Option<ObjectId>> = alive
            .iter()
            .map(|&a| a.then(|| doc.new_object_id()))
            .collect();
        for (i, e) in self.elems.iter().enumerate() {
            let Some(id) = ids[i] else { continue };
            let parent = if i == 0 {
                root_id
            } else {
                ids[e.parent].unwrap_or(root_id)
            };
            // The page of the first marked content, for kids given as bare MCIDs.
            let pg = e.kids.iter().find_map(|k| match k {
                Kid::Mcid { page, .. } => Some(*page),
                _ => None,
            });
            let mut kids = Vec::with_capacity(e.kids.len());
            for k in &e.kids {
                match *k {
                    Kid::Elem(c) => {
                        if let Some(cid) = ids[c] {
                            kids.push(Object::Reference(cid));
                        }
                    }
                    Kid::Mcid { page, mcid } if Some(page) == pg => {
                        kids.push(Object::Integer(i64::from(mcid)))
                    }
                    Kid::Mcid { page, mcid } => {
                        let Some(&page_id) = pages.get(page) else {
                            continue;
                        };
                        kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                            ("Type", Object::Name(b"MCR".to_vec())),
                            ("Pg", Object::Reference(page_id)),
                            ("MCID", Object::Integer(i64::from(mcid))),
                        ])));
                    }
                    Kid::Objr { link } => {
                        let Some((annot, page)) = annots.get(link).copied().flatten() else {
                            continue;
                        };
                        let mut objr = Dictionary::from_iter(vec![
                            ("Type", Object::Name(b"OBJR".to_vec())),
                            ("Obj", Object::Reference(annot)),
                        ]);
                        if let Some(&page_id) = pages.get(page) {
                            objr.set("Pg", Object::Reference(page_id));
                        }
                        kids.push(Object::Dictionary(objr));
                    }
                }
            }
            let mut d = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"StructElem".to_vec())),
                ("S", Object::Name(e.typ.as_bytes().to_vec())),
                ("P", Object::Reference(parent)),
            ]);
            if let Some(&page_id) = pg.and_then(|p| pages.get(p)) {
                d.set("Pg", Object::Reference(page_id));
            }
            // One kid stands alone (as most writers do; some checkers read only that).
            d.set(
                "K",
                if kids.len() == 1 {
                    kids.remove(0)
                } else {
                    Object::Array(kids)
                },
            );
            if let Some(alt) = &e.alt {
                d.set("Alt", super::super::finish::text_string(alt));
            }
            if let Some(lang) = e.lang {
                d.set(
                    "Lang",
                    Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
                );
            }
            if e.typ == "L" {
                d.set(
                    "A",
                    Dictionary::from_iter(vec![
                        ("O", Object::Name(b"List".to_vec())),
                        ("ListNumbering", Object::Name(b"Decimal".to_vec())),
                    ]),
                );
            }
            doc.objects.insert(id, Object::Dictionary(d));
        }

        // Parent tree: each page's MCIDs, then each annotation, numbered after the pages.
        let mut nums = Vec::with_capacity(2 * (pages.len() + annots.len()));
        for (p, &page_id) in pages.iter().enumerate() {
            let parents = self.parents.get(p).map(Vec::as_slice).unwrap_or_default();
            let refs = parents
                .iter()
                .map(|&e| ids[e].map_or(Object::Null, Object::Reference))
                .collect();
            nums.push(Object::Integer(p as i64));
            nums.push(Object::Array(refs));
            if let Ok(page) = doc.get_dictionary_mut(page_id) {
                page.set("StructParents", Object::Integer(p as i64));
                page.set("Tabs", Object::Name(b"S".to_vec()));
            }
        }
        let mut next_key = pages.len();
        for (k, annot) in annots.iter().enumerate() {
            let (Some((annot_id, _)), Some(&e)) = (annot, self.links.get(&(k as u32))) else {
                continue;
            };
            let Some(eid) = ids[e] else { continue };
            let key = pages.len() + k;
            nums.push(Object::Integer(key as i64));
            nums.push(Object::Reference(eid));
            next_key = key + 1;
            if let Ok(a) = doc.get_dictionary_mut(*annot_id) {
                a.set("StructParent", Object::Integer(key as i64));
            }
        }
        let parent_tree =
            doc.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
        let mut root = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key as i64)),
        ]);
        if let Some(doc_id) = ids[0] {
            root.set("K", Object::Array(vec![Object::Reference(doc_id)]));
        }
        doc.objects.insert(root_id, Object::Dictionary(root));
        root_id
    }
}

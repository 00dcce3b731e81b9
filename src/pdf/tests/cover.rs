//! The generated cover drawn as shapes and text: no picture, the title in the fonts the
//! book embeds, the background into the bleed.

use lopdf::content::Content;

use super::*;

/// The sample book rendered with its generated cover (as the assets stage makes it).
fn with_cover(config: &Config) -> Vec<u8> {
    let book = sample_book();
    let root = root();
    let assets = crate::assets::Assets {
        cover_plan: crate::assets::page_plan(&book, config, &root).unwrap(),
        ..Default::default()
    };
    assert!(assets.cover_plan.is_some());
    let ctx = RenderContext {
        book: &book,
        config,
        root: &root,
        timestamp: 1_710_806_400,
        assets: &assets,
        page_map: None,
    };
    PdfRenderer.render(&ctx, &mut Vec::new()).expect("render")
}

/// Page 1's box `key` and its operators.
fn first_page(bytes: &[u8], key: &[u8]) -> (Vec<f32>, Vec<lopdf::content::Operation>) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let dict = doc.get_dictionary(page).unwrap();
    let area: Vec<f32> = dict
        .get(key)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    (area, content.operations)
}

#[test]
fn the_cover_is_text_and_shapes_reaching_into_the_bleed() {
    let mut config = Config::default();
    let plain = with_cover(&config);
    assert_eq!(plain, with_cover(&config), "reproducible");
    let (media, ops) = first_page(&plain, b"MediaBox");
    let draws = |op: &str| ops.iter().filter(|o| o.operator == op).count();
    assert_eq!(draws("Do"), 0, "no picture on the cover");
    assert!(
        draws("TJ") >= 5,
        "publisher, title, people, source: {}",
        draws("TJ")
    );
    assert!(draws("re") >= 5, "paper, frame, rules, band");
    // Shapes are artifacts, text is tagged content.
    assert!(ops.iter().any(|o| o.operator == "BDC"
        && o.operands.first().and_then(|n| n.as_name().ok()) == Some(b"Artifact".as_slice())));
    assert!(ops.iter().any(|o| o.operator == "BDC"
        && o.operands.first().and_then(|n| n.as_name().ok()) == Some(b"P".as_slice())));
    let paper = |ops: &[lopdf::content::Operation]| -> Vec<f32> {
        let re = ops.iter().find(|o| o.operator == "re").unwrap();
        let v: Vec<f32> = re.operands.iter().map(|n| n.as_float().unwrap()).collect();
        vec![v[0], v[1], v[0] + v[2], v[1] + v[3]]
    };
    let covers =
        |r: &[f32], b: &[f32]| r[0] <= b[0] && r[1] <= b[1] && r[2] >= b[2] && r[3] >= b[3];
    assert!(covers(&paper(&ops), &media), "{:?} {media:?}", paper(&ops));

    config.output.pdf.bleed = Some("3mm".into());
    let bled = with_cover(&config);
    let (bleed, ops) = first_page(&bled, b"BleedBox");
    let (trim, _) = first_page(&bled, b"TrimBox");
    assert!(bleed[0] < trim[0] - 8.0, "{bleed:?} {trim:?}");
    assert!(covers(&paper(&ops), &bleed), "{:?} {bleed:?}", paper(&ops));
    // The dark band reaches the bleed at the foot and both sides too.
    let band = ops
        .windows(3)
        .filter(|w| w[0].operator == "rg" && w[1].operator == "re")
        .map(|w| {
            let v: Vec<f32> = w[1]
                .operands
                .iter()
                .map(|n| n.as_float().unwrap())
                .collect();
            (w[0].operands[0].as_float().unwrap(), v)
        })
        .find(|(r, v)| *r < 0.2 && v[1] < 0.0)
        .expect("a dark band at the foot");
    assert!(band.1[0] <= bleed[0] && band.1[0] + band.1[2] >= bleed[2] && band.1[1] <= bleed[1]);
}

#[test]
fn a_cover_picture_from_book_toml_stays_a_picture() {
    let mut config = Config::default();
    config.images.cover = Some("cover.jpg".into());
    let plan = crate::assets::page_plan(&sample_book(), &config, &root()).unwrap();
    assert!(plan.is_none(), "the configured picture is the cover");
}

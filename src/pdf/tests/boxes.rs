//! Page boxes: a trim box on every page, and a bleed around it when asked.

use super::*;

#[test]
fn every_page_has_a_trim_box_and_a_bleed_widens_the_media_box() {
    let book = sample_book();
    let boxes = |config: &Config| {
        let (bytes, _) = render(&book, config);
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let page = doc.get_pages().into_values().next().unwrap();
        let dict = doc.get_dictionary(page).unwrap();
        let get = |key: &[u8]| -> Option<Vec<f32>> {
            let a = dict.get(key).ok()?.as_array().ok()?;
            Some(a.iter().map(|v| v.as_float().unwrap()).collect())
        };
        assert_eq!(
            doc.get_pages().len(),
            doc.get_pages()
                .values()
                .filter(|p| doc.get_dictionary(**p).unwrap().has(b"TrimBox"))
                .count()
        );
        (get(b"MediaBox"), get(b"TrimBox"), get(b"BleedBox"))
    };
    let mut config = Config::default();
    let (media, trim, bleed) = boxes(&config);
    assert_eq!(media, trim);
    assert_eq!(bleed, None);
    config.output.pdf.bleed = Some("3mm".into());
    let (media, trim, bleed) = boxes(&config);
    let (media, trim) = (media.unwrap(), trim.unwrap());
    let b = 3.0 * 72.0 / 25.4;
    assert!((trim[0] - media[0] - b).abs() < 0.01, "{media:?} {trim:?}");
    assert!((media[2] - trim[2] - b).abs() < 0.01, "{media:?} {trim:?}");
    assert_eq!(bleed, Some(media));
    for bad in ["3", "11mm", "-1mm", "3cm"] {
        config.output.pdf.bleed = Some(bad.into());
        let err = render_err(&book, &config);
        assert!(err.to_string().contains("bleed"), "{bad}: {err}");
    }
}

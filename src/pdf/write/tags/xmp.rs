//! XMP metadata (the same facts and dates as the Info dictionary, and the standard the
//! file claims) and the sRGB output intent of PDF/A.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use crate::config::PdfStandard;

use super::super::finish::Info;

/// `YYYY-MM-DDTHH:MM:SSZ` from the Info dictionary's `D:YYYYMMDDHHmmSSZ`: one instant.
fn iso_date(pdf_date: &str) -> String {
    let d = pdf_date.trim_start_matches("D:");
    let part = |a: usize, b: usize| d.get(a..b).unwrap_or("00");
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(8, 10),
        part(10, 12),
        part(12, 14)
    )
}

/// The PDF/A extension schema that describes `pdfuaid:part`.
const PDFUA_EXTENSION: &str = "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\n";

/// Escapes text for XML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: title, author, description, language, keywords, tool, the dates of
/// `date` (the Info dictionary's), and the conformance claim.
pub fn packet(info: &Info, date: &str, producer: &str, standard: PdfStandard) -> Vec<u8> {
    let date = iso_date(date);
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
    );
    x.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    if standard == PdfStandard::A2b {
        x.push_str(
            " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
             xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
             xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
             xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"",
        );
    }
    x.push_str(">\n");
    if standard == PdfStandard::A2b {
        // PDF/A admits only the schemas it knows or that the file describes: pdfuaid
        // is described here (ISO 14289-1, 5).
        x.push_str(PDFUA_EXTENSION);
    }
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    let alt = |x: &mut String, tag: &str, v: &str| {
        if !v.is_empty() {
            x.push_str(&format!(
                "<dc:{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:{tag}>\n",
                esc(v)
            ));
        }
    };
    alt(&mut x, "title", &info.title);
    if !info.author.is_empty() {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            esc(&info.author)
        ));
    }
    alt(&mut x, "description", &info.subject);
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        esc(&info.language)
    ));
    if !info.keywords.is_empty() {
        x.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            esc(&info.keywords)
        ));
    }
    x.push_str(&format!("<pdf:Producer>{}</pdf:Producer>\n", esc(producer)));
    x.push_str("<xmp:CreatorTool>talkbook</xmp:CreatorTool>\n");
    for tag in ["CreateDate", "ModifyDate", "MetadataDate"] {
        x.push_str(&format!("<xmp:{tag}>{date}</xmp:{tag}>\n"));
    }
    // Both standards' files are tagged to PDF/UA-1; a PDF/A one says so too.
    x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    if standard == PdfStandard::A2b {
        x.push_str("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n");
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    x.into_bytes()
}

/// Adds the metadata stream (uncompressed, as PDF/A wants it readable) and returns it.
pub fn add_metadata(doc: &mut Document, packet: Vec<u8>) -> ObjectId {
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Metadata".to_vec())),
        ("Subtype", Object::Name(b"XML".to_vec())),
    ]);
    doc.add_object(Stream::new(dict, packet).with_compression(false))
}

/// The output intent of a PDF/A file: sRGB, the space of every colour talkbook draws
/// (grey text and rules are DeviceGray, which any output intent allows). The profile
/// is moxcms's sRGB (a dependency of `image` already), encoded as ICC.
pub fn output_intent(doc: &mut Document) -> Result<Object, String> {
    let icc = moxcms::ColorProfile::new_srgb()
        .encode()
        .map_err(|e| format!("cannot encode the sRGB profile: {e:?}"))?;
    let profile = doc.add_object(Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        icc,
    ));
    let name = || Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal);
    let intent = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", name()),
        ("Info", name()),
        ("DestOutputProfile", Object::Reference(profile)),
    ]));
    Ok(Object::Array(vec![Object::Reference(intent)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_agree_with_the_info_dictionary() {
        assert_eq!(iso_date("D:20240319000102Z"), "2024-03-19T00:01:02Z");
    }

    #[test]
    fn the_packet_claims_its_standard_and_escapes_text() {
        let info = Info {
            title: "A & B <c>".into(),
            author: "甲".into(),
            subject: String::new(),
            keywords: String::new(),
            language: "zh-CN".into(),
            timestamp: 0,
        };
        let ua =
            String::from_utf8(packet(&info, "D:19700101000000Z", "p", PdfStandard::Ua1)).unwrap();
        assert!(ua.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(ua.contains(">A &amp; B &lt;c&gt;</rdf:li>"));
        assert!(ua.contains("<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"));
        assert!(!ua.contains("dc:description"));
        let a =
            String::from_utf8(packet(&info, "D:19700101000000Z", "p", PdfStandard::A2b)).unwrap();
        assert!(a.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(a.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(a.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
    }
}

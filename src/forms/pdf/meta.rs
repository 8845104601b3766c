//! Document metadata: the XMP packet and the info dictionary, both
//! without dates so that output depends on content alone.

use pdf_writer::{Pdf, Ref, TextStr};

pub const PRODUCER: &str = "clustersite";

/// XMP with the title, language and the PDF/UA identification.
pub fn xmp(title: &str, lang: &str) -> String {
    let title = crate::format::escape_markup(title);
    let lang = crate::format::escape_markup(lang);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}'
    )
}

pub fn write_info(pdf: &mut Pdf, id: Ref, title: &str) {
    pdf.document_info(id)
        .title(TextStr(title))
        .producer(TextStr(PRODUCER));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_escapes_and_identifies() {
        let x = xmp("Help & <support>", "en-GB");
        assert!(x.contains("Help &amp; &lt;support&gt;"));
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(x.contains("<rdf:li>en-GB</rdf:li>"));
    }
}

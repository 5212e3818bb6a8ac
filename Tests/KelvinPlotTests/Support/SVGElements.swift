import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The elements of an SVG document, parsed (not string-matched).
final class SVGElements: NSObject, XMLParserDelegate {
  var elements: [(name: String, attributes: [String: String], text: String)] = []
  var text = ""

  static func parse(_ svg: String) throws -> SVGElements {
    let collector = SVGElements()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    return collector
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    elements.append((name, attributes, ""))
    text = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if let index = elements.lastIndex(where: { $0.name == name && $0.text.isEmpty }) {
      elements[index].text = text
    }
    text = ""
  }

  func texts(_ name: String) -> [String] { elements.filter { $0.name == name }.map(\.text) }
}

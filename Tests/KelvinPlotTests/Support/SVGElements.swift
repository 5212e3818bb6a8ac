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

  /// The elements of a single (not composed) picture that reach outside its view box: text
  /// by its anchor and an estimated width of 0.6 em per character, rectangles by their
  /// corners, circles by their centres, lines and polylines by their points.
  func outsideViewBox() -> [String] {
    guard let root = elements.first else { return ["no root element"] }
    let box = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
    guard box.count == 4 else { return ["no view box"] }
    let inside = { (x: Double, y: Double) in
      x >= -0.01 && x <= box[2] + 0.01 && y >= -0.01 && y <= box[3] + 0.01
    }
    let number = {
      (element: (name: String, attributes: [String: String], text: String), key: String) in
      element.attributes[key].flatMap(Double.init)
    }
    var outside: [String] = []
    for element in elements {
      var points: [(Double, Double)] = []
      switch element.name {
      case "text":
        guard let x = number(element, "x"), let y = number(element, "y") else { continue }
        let width = Double(element.text.count) * (number(element, "font-size") ?? 12) * 0.6
        if element.attributes["transform"] != nil {
          points = [(x, y)]  // rotated about its anchor: its length runs vertically
        } else {
          switch element.attributes["text-anchor"] {
          case "middle": points = [(x - width / 2, y), (x + width / 2, y)]
          case "end": points = [(x - width, y), (x, y)]
          default: points = [(x, y), (x + width, y)]
          }
        }
      case "rect":
        guard let x = number(element, "x"), let y = number(element, "y") else { continue }
        points = [
          (x, y), (x + (number(element, "width") ?? 0), y + (number(element, "height") ?? 0)),
        ]
      case "circle":
        guard let x = number(element, "cx"), let y = number(element, "cy") else { continue }
        points = [(x, y)]
      case "line":
        guard let x1 = number(element, "x1"), let y1 = number(element, "y1"),
          let x2 = number(element, "x2"), let y2 = number(element, "y2")
        else { continue }
        points = [(x1, y1), (x2, y2)]
      case "polyline", "polygon":
        points = (element.attributes["points"] ?? "").split(separator: " ").compactMap { pair in
          let xy = pair.split(separator: ",").compactMap { Double($0) }
          return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
      default: continue
      }
      if !points.allSatisfy(inside) { outside.append("\(element.name) \(element.text)") }
    }
    return outside
  }
}

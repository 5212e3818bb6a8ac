import Foundation

/// SVG elements written one after another, with the drawing helpers every chart shares.
struct Canvas {
  var body = ""
  private let c = SVGText.coordinate

  mutating func text(
    _ text: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
    bold: Bool = false, rotated: Bool = false, colour: String? = nil
  ) {
    var attributes = "x=\"\(c(x))\" y=\"\(c(y))\""
    if anchor != "start" { attributes += " text-anchor=\"\(anchor)\"" }
    if size != 12 { attributes += " font-size=\"\(c(size))\"" }
    if bold { attributes += " font-weight=\"bold\"" }
    if let colour { attributes += " fill=\"\(colour)\"" }
    if rotated { attributes += " transform=\"rotate(-90 \(c(x)) \(c(y)))\"" }
    body += "<text \(attributes)>\(SVGText.escaped(text))</text>\n"
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, colour: String = "#444",
    width: Double = 1, dash: String? = nil
  ) {
    body +=
      "<line x1=\"\(c(x1))\" y1=\"\(c(y1))\" x2=\"\(c(x2))\" y2=\"\(c(y2))\" stroke=\"\(colour)\" stroke-width=\"\(c(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>\n"
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
    opacity: Double? = nil
  ) {
    body +=
      "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(max(0, width)))\" height=\"\(c(max(0, height)))\" fill=\"\(fill)\"\(stroke.map { " stroke=\"\($0)\"" } ?? "")\(opacity.map { " fill-opacity=\"\(c($0))\"" } ?? "")/>\n"
  }

  mutating func polyline(_ points: [(Double, Double)], colour: String, width: Double, dash: String?)
  {
    guard !points.isEmpty else { return }
    let list = points.map { "\(c($0.0)),\(c($0.1))" }.joined(separator: " ")
    body +=
      "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(c(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") points=\"\(list)\"/>\n"
  }

  mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
    guard !points.isEmpty else { return }
    let list = points.map { "\(c($0.0)),\(c($0.1))" }.joined(separator: " ")
    body += "<polygon points=\"\(list)\" fill=\"\(fill)\" fill-opacity=\"\(c(opacity))\"/>\n"
  }

  /// A marker of `style` centred at (x, y), `size` its half-width.
  mutating func marker(_ style: SeriesStyle, x: Double, y: Double, size: Double) {
    let paint = "fill=\"\(style.colour)\" stroke=\"#222\" stroke-width=\"0.8\""
    func polygon(_ corners: [(Double, Double)]) -> String {
      let list = corners.map { "\(c(x + $0.0 * size)),\(c(y + $0.1 * size))" }
      return "<polygon points=\"\(list.joined(separator: " "))\" \(paint)/>\n"
    }
    switch style.marker {
    case .circle:
      body += "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(size))\" \(paint)/>\n"
    case .square:
      body +=
        "<rect x=\"\(c(x - size))\" y=\"\(c(y - size))\" width=\"\(c(2 * size))\" height=\"\(c(2 * size))\" \(paint)/>\n"
    case .triangle: body += polygon([(0, -1.2), (1, 0.8), (-1, 0.8)])
    case .diamond: body += polygon([(0, -1.3), (1, 0), (0, 1.3), (-1, 0)])
    case .star:
      body += polygon(
        (0..<10).map { corner in
          let angle = Double(corner) * Double.pi / 5 - Double.pi / 2
          let radius = corner.isMultiple(of: 2) ? 1.5 : 0.65
          return (radius * cos(angle), radius * sin(angle))
        })
    }
  }
}

import Foundation

/// A scatter plot of named points, as SVG: nice ticks on both axes, axis labels, a title, a
/// legend beside the plot area (never over it, never clipped: the picture widens to fit it),
/// and `<title>`/`<desc>` for screen readers.
public struct ScatterPlot: Sendable {
  /// One point.
  public struct Point: Sendable, Equatable {
    /// Its legend entry.
    public let name: String
    /// Its horizontal coordinate (a non-finite point is left out of the plot and listed as such).
    public let x: Double
    /// Its vertical coordinate.
    public let y: Double
    /// Drawn as a larger black star, a shape no series has, and labelled beside the point (a
    /// reference, such as the human text).
    public let isReference: Bool

    /// Creates a point.
    public init(name: String, x: Double, y: Double, isReference: Bool = false) {
      self.name = name
      self.x = x
      self.y = y
      self.isReference = isReference
    }
  }

  /// The title above the plot.
  public var title: String
  /// What the picture shows, in words (the SVG's `<desc>`).
  public var summary: String
  /// The horizontal axis's label.
  public var xLabel: String
  /// The vertical axis's label.
  public var yLabel: String
  /// The points, in legend order.
  public var points: [Point]

  /// Creates a plot.
  public init(title: String, summary: String, xLabel: String, yLabel: String, points: [Point]) {
    self.title = title
    self.summary = summary
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.points = points
  }

  /// The SVG document.
  ///
  /// - Complexity: O(points).
  public func svg() -> String {
    let shown = points.filter { $0.x.isFinite && $0.y.isFinite }
    let xs = shown.map(\.x)
    let ys = shown.map(\.y)
    let xTicks = AxisTicks(covering: xs.min() ?? 0, xs.max() ?? 1)
    let yTicks = AxisTicks(covering: ys.min() ?? 0, ys.max() ?? 1)
    let font = 12.0
    let (left, top, plotWidth, plotHeight) = (70.0, 50.0, 480.0, 340.0)
    let legendX = left + plotWidth + 30
    let legendWidth = (points.map { SVGText.width($0.name, size: font) }.max() ?? 0) + 30
    let width = legendX + legendWidth + 10
    let legendHeight = Double(points.count) * 18 + top + 10
    let height = max(top + plotHeight + 60, legendHeight)
    func x(_ value: Double) -> Double {
      left + (value - xTicks.lower) / (xTicks.upper - xTicks.lower) * plotWidth
    }
    func y(_ value: Double) -> Double {
      top + (1 - (value - yTicks.lower) / (yTicks.upper - yTicks.lower)) * plotHeight
    }
    let c = SVGText.coordinate
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(c(width))" height="\(c(height))" \
      viewBox="0 0 \(c(width)) \(c(height))" font-family="sans-serif" font-size="\(c(font))" \
      role="img">
      <title>\(SVGText.escaped(title))</title>
      <desc>\(SVGText.escaped(summary))</desc>
      <rect x="0" y="0" width="\(c(width))" height="\(c(height))" fill="white"/>
      <text x="\(c(left))" y="\(c(top - 20))" font-size="15" font-weight="bold">\(SVGText.escaped(title))</text>
      <rect x="\(c(left))" y="\(c(top))" width="\(c(plotWidth))" height="\(c(plotHeight))" fill="none" stroke="#444"/>

      """
    for tick in xTicks.values {
      let position = x(tick)
      svg += """
        <line x1="\(c(position))" y1="\(c(top))" x2="\(c(position))" y2="\(c(top + plotHeight))" stroke="#ddd"/>
        <text x="\(c(position))" y="\(c(top + plotHeight + 16))" text-anchor="middle">\(xTicks.label(tick))</text>

        """
    }
    for tick in yTicks.values {
      let position = y(tick)
      svg += """
        <line x1="\(c(left))" y1="\(c(position))" x2="\(c(left + plotWidth))" y2="\(c(position))" stroke="#ddd"/>
        <text x="\(c(left - 6))" y="\(c(position + 4))" text-anchor="end">\(yTicks.label(tick))</text>

        """
    }
    svg += """
      <text x="\(c(left + plotWidth / 2))" y="\(c(top + plotHeight + 40))" text-anchor="middle">\(SVGText.escaped(xLabel))</text>
      <text x="\(c(18))" y="\(c(top + plotHeight / 2))" text-anchor="middle" transform="rotate(-90 18 \(c(top + plotHeight / 2)))">\(SVGText.escaped(yLabel))</text>

      """
    if shown.isEmpty {
      svg += """
        <text x="\(c(left + plotWidth / 2))" y="\(c(top + plotHeight / 2))" text-anchor="middle" fill="#666">no data</text>

        """
    }
    for (index, point) in points.enumerated() {
      let style = point.isReference ? Self.referenceStyle : SeriesStyle.series(index)
      let entryY = top + Double(index) * 18 + 6
      svg += Self.marker(style, x: legendX + 6, y: entryY, size: 5)
      let label = point.x.isFinite && point.y.isFinite ? point.name : point.name + " (not plotted)"
      svg += """
        <text x="\(c(legendX + 18))" y="\(c(entryY + 4))">\(SVGText.escaped(label))</text>

        """
      guard point.x.isFinite, point.y.isFinite else { continue }
      svg += Self.marker(style, x: x(point.x), y: y(point.y), size: point.isReference ? 7 : 5)
      if point.isReference {
        let anchorRight = x(point.x) > left + plotWidth * 0.8
        svg += """
          <text x="\(c(x(point.x) + (anchorRight ? -11 : 11)))" y="\(c(y(point.y) + 4))" \
          text-anchor="\(anchorRight ? "end" : "start")" font-weight="bold">\(SVGText.escaped(point.name))</text>

          """
      }
    }
    return svg + "</svg>\n"
  }

  /// The reference point's look: a black star.
  static let referenceStyle = SeriesStyle(colour: "#000000", marker: .star, dash: nil)

  /// A marker of `style` centred at (x, y).
  static func marker(_ style: SeriesStyle, x: Double, y: Double, size: Double) -> String {
    let c = SVGText.coordinate
    let paint = "fill=\"\(style.colour)\" stroke=\"#222\" stroke-width=\"0.8\""
    switch style.marker {
    case .circle:
      return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(size))\" \(paint)/>\n"
    case .square:
      return
        "<rect x=\"\(c(x - size))\" y=\"\(c(y - size))\" width=\"\(c(2 * size))\" height=\"\(c(2 * size))\" \(paint)/>\n"
    case .triangle:
      return
        "<polygon points=\"\(c(x)),\(c(y - size * 1.2)) \(c(x + size)),\(c(y + size * 0.8)) \(c(x - size)),\(c(y + size * 0.8))\" \(paint)/>\n"
    case .diamond:
      return
        "<polygon points=\"\(c(x)),\(c(y - size * 1.3)) \(c(x + size)),\(c(y)) \(c(x)),\(c(y + size * 1.3)) \(c(x - size)),\(c(y))\" \(paint)/>\n"
    case .star:
      let points = (0..<10).map { corner -> String in
        let angle = Double(corner) * Double.pi / 5 - Double.pi / 2
        let radius = corner.isMultiple(of: 2) ? size * 1.5 : size * 0.65
        return "\(c(x + radius * cos(angle))),\(c(y + radius * sin(angle)))"
      }
      return "<polygon points=\"\(points.joined(separator: " "))\" \(paint)/>\n"
    }
  }
}

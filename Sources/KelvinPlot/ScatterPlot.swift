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
  public func svg() -> String { picture().document(title: title, summary: summary) }

  /// The plot as a picture.
  ///
  /// - Complexity: O(points).
  public func picture() -> Picture {
    let shown = points.filter { $0.x.isFinite && $0.y.isFinite }
    let xs = shown.map(\.x)
    let ys = shown.map(\.y)
    let axes = Axes(
      left: 70, top: 50, width: 480, height: 340,
      x: AxisTicks(covering: xs.min() ?? 0, xs.max() ?? 1),
      y: AxisTicks(covering: ys.min() ?? 0, ys.max() ?? 1))
    var canvas = Canvas()
    canvas.text(title, x: axes.left, y: axes.top - 20, size: 15, bold: true)
    axes.draw(on: &canvas, xLabel: xLabel, yLabel: yLabel)
    if shown.isEmpty {
      canvas.text(
        "no data", x: axes.left + axes.width / 2, y: axes.top + axes.height / 2,
        anchor: "middle", colour: "#666")
    }
    let styles = points.indices.map {
      points[$0].isReference ? Self.referenceStyle : SeriesStyle.series($0)
    }
    for (point, style) in zip(points, styles) where point.x.isFinite && point.y.isFinite {
      let (x, y) = (axes.px(point.x), axes.py(point.y))
      canvas.marker(style, x: x, y: y, size: point.isReference ? 7 : 5)
      if point.isReference {
        let anchorRight = x > axes.left + axes.width * 0.8
        canvas.text(
          point.name, x: x + (anchorRight ? -11 : 11), y: y + 4,
          anchor: anchorRight ? "end" : "start", bold: true)
      }
    }
    let legend = Legend(
      entries: zip(points, styles).map { point, style in
        let plotted = point.x.isFinite && point.y.isFinite
        return (plotted ? point.name : point.name + " (not plotted)", style, false)
      })
    let legendX = axes.left + axes.width + 30
    legend.draw(on: &canvas, x: legendX, y: axes.top)
    return Picture(
      width: legendX + legend.width + 10,
      height: max(axes.top + axes.height + 60, axes.top + legend.height + 10), body: canvas.body)
  }

  /// The reference point's look: a black star.
  static let referenceStyle = SeriesStyle(colour: "#000000", marker: .star, dash: nil)
}

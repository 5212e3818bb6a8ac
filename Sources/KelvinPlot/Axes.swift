/// A plot area with its two axes: the mapping from data to px, and the frame, grid, ticks and
/// labels, tick labels thinned so that none overlaps the next.
struct Axes {
  let left: Double
  let top: Double
  let width: Double
  let height: Double
  let x: AxisTicks
  let y: AxisTicks

  /// The px of a data x.
  func px(_ value: Double) -> Double { left + (value - x.lower) / (x.upper - x.lower) * width }
  /// The px of a data y.
  func py(_ value: Double) -> Double {
    top + (1 - (value - y.lower) / (y.upper - y.lower)) * height
  }

  /// Draws the frame, grid, tick labels and axis labels.
  func draw(on canvas: inout Canvas, xLabel: String, yLabel: String, xTickLabels: Bool = true) {
    canvas.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#444")
    if xTickLabels {
      // Every k-th label, k the smallest that leaves 8 px between neighbours.
      let widest = x.values.map { SVGText.width(x.label($0), size: 12) }.max() ?? 0
      let spacing = width / Double(max(1, x.values.count - 1))
      let every = max(1, Int(((widest + 8) / max(1e-9, spacing)).rounded(.up)))
      for (index, tick) in x.values.enumerated() {
        canvas.line(px(tick), top, px(tick), top + height, colour: "#e4e4e4")
        if index % every == 0 {
          canvas.text(x.label(tick), x: px(tick), y: top + height + 16, anchor: "middle")
        }
      }
    }
    let rowSpacing = height / Double(max(1, y.values.count - 1))
    let every = max(1, Int((16 / max(1e-9, rowSpacing)).rounded(.up)))
    for (index, tick) in y.values.enumerated() {
      canvas.line(left, py(tick), left + width, py(tick), colour: "#e4e4e4")
      if index % every == 0 {
        canvas.text(y.label(tick), x: left - 6, y: py(tick) + 4, anchor: "end")
      }
    }
    canvas.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#444")
    if !xLabel.isEmpty {
      canvas.text(xLabel, x: left + width / 2, y: top + height + 36, anchor: "middle")
    }
    if !yLabel.isEmpty {
      canvas.text(yLabel, x: left - 46, y: top + height / 2, anchor: "middle", rotated: true)
    }
  }
}

/// A legend: one entry per line, a sample of each style and its name.
struct Legend {
  let entries: [(name: String, style: SeriesStyle, line: Bool)]

  /// The width the legend needs.
  var width: Double {
    (entries.map { SVGText.width($0.name, size: 12) }.max() ?? 0) + 34
  }

  /// The height the legend needs.
  var height: Double { Double(entries.count) * 18 }

  func draw(on canvas: inout Canvas, x: Double, y: Double) {
    for (index, entry) in entries.enumerated() {
      let row = y + Double(index) * 18 + 6
      if entry.line {
        canvas.line(
          x, row, x + 24, row, colour: entry.style.colour, width: 2.5, dash: entry.style.dash)
      }
      canvas.marker(entry.style, x: x + 12, y: row, size: 4)
      canvas.text(entry.name, x: x + 30, y: row + 4)
    }
  }
}

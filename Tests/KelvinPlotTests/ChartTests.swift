import Foundation
import KelvinPlot
import Testing

@Suite("charts")
struct ChartTests {
  @Test("a line chart parses, lists every series in the legend, and ticks the steps")
  func lineChart() throws {
    let chart = LineChart(
      title: "t", xLabel: "step", yLabel: "reward",
      series: (0..<12).map {
        LineChart.Series(name: "policy \($0)", values: [0.1, 0.5, Double($0)])
      })
    let svg = try SVGElements.parse(chart.picture().document(title: "t", summary: "s"))
    let texts = svg.texts("text")
    for index in 0..<12 { #expect(texts.contains("policy \(index)")) }
    #expect(svg.elements.filter { $0.name == "polyline" }.count >= 12)
    // Values 0…11 over about five intervals: a raw step of 11/5 = 2.2 rounds up to 5, so the
    // ticks are 0, 5, 10, 15.
    #expect(["0", "5", "10", "15"].allSatisfy(texts.contains))
  }

  @Test("a bar chart labels its categories and values; empty data is a valid picture")
  func barChart() throws {
    let chart = BarChart(
      title: "τ = 1", yLabel: "p", categories: ["a", "b"], values: [0.75, 0.25], yRange: 0...1,
      valueLabel: { String(format: "%.3f", $0) })
    let texts = try SVGElements.parse(chart.picture().document(title: "t", summary: "s")).texts(
      "text")
    #expect(["a", "b", "0.750", "0.250", "τ = 1"].allSatisfy(texts.contains))
    let empty = BarChart(title: "e", yLabel: "p", categories: [], values: [])
    #expect(
      try SVGElements.parse(empty.picture().document(title: "e", summary: "s")).texts("text")
        .contains("no data"))
  }

  @Test("a reliability chart has a legend for both kinds of gap")
  func reliability() throws {
    let chart = ReliabilityChart(
      title: "before",
      bins: [
        .init(lower: 0.5, upper: 0.75, accuracy: 0.4, confidence: 0.6, count: 10),
        .init(lower: 0.75, upper: 1, accuracy: 0.95, confidence: 0.9, count: 30),
      ], caption: "ECE 5%")
    let texts = try SVGElements.parse(chart.picture().document(title: "t", summary: "s")).texts(
      "text")
    #expect(texts.contains { $0.contains("over-confident") })
    #expect(texts.contains { $0.contains("under-confident") })
    #expect(texts.contains("10") && texts.contains("30") && texts.contains("ECE 5%"))
  }

  @Test("no element of any kind of chart lies outside its view box, even when crowded or empty")
  func insideViewBox() throws {
    let long = String(repeating: "boltzmann(schedule=exp(1,0.99)) ", count: 3)
    let lines = LineChart(
      title: "reward", xLabel: "step", yLabel: "mean reward",
      series: (0..<16).map { LineChart.Series(name: "\(long)\($0)", values: [0, 1, Double($0)]) })
    let oneStep = LineChart(
      title: "t", xLabel: "step", yLabel: "y", series: [LineChart.Series(name: "a", values: [1])])
    let categories: [String] = (0..<60).map { "class \($0)" }
    let values: [Double] = (0..<60).map { 1 / Double($0 + 1) }
    let bars = BarChart(
      title: "many", yLabel: "p", categories: categories, values: values, yRange: 0...1,
      valueLabel: { String(format: "%.3f", $0) })
    let noBars = BarChart(title: "e", yLabel: "p", categories: [], values: [])
    let bins: [ReliabilityChart.Bin] = (0..<200).map { k in
      let lower = Double(k) / 200
      return ReliabilityChart.Bin(
        lower: lower, upper: lower + 0.005, accuracy: lower * 0.9, confidence: lower + 0.0025,
        count: 1000 + k)
    }
    let reliability = ReliabilityChart(title: "bins", bins: bins, caption: "ECE 5%")
    let noBins = ReliabilityChart(title: "none", bins: [], caption: "")
    let pictures: [(String, Picture)] = [
      ("line chart, 16 long-named series", lines.picture()),
      ("line chart, one step", oneStep.picture()),
      ("bar chart, 60 categories", bars.picture()), ("bar chart, empty", noBars.picture()),
      ("reliability chart, 200 bins", reliability.picture()),
      ("reliability chart, empty", noBins.picture()),
    ]
    for (name, picture) in pictures {
      let svg = try SVGElements.parse(picture.document(title: name, summary: name))
      #expect(svg.outsideViewBox().isEmpty, "\(name): \(svg.outsideViewBox().prefix(5))")
    }
  }

  @Test("pictures compose: a row is as wide as its parts and the gaps")
  func composition() {
    let part = BarChart(title: "x", yLabel: "p", categories: ["a"], values: [1]).picture()
    let row = Picture.row([part, part], spacing: 10)
    #expect(row.width == 2 * part.width + 10 && row.height == part.height)
    let column = Picture.column([part, part], spacing: 4)
    #expect(column.height == 2 * part.height + 4 && column.width == part.width)
  }
}

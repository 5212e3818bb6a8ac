import Foundation
import KelvinPlot
import Testing

@Suite("scatter plot")
struct ScatterPlotTests {
  let plot = ScatterPlot(
    title: "Decoding <study>", summary: "A & B", xLabel: "perplexity", yLabel: "distinct-2",
    points: [
      .init(name: "greedy", x: 1.8, y: 0.03),
      .init(name: "stochastic_beam(4,t=0.7)", x: 2.1, y: 0.9),
      .init(name: "broken", x: .nan, y: 1), .init(name: "human", x: 3.3, y: 0.8, isReference: true),
    ])

  @Test("the SVG parses, names every point in the legend and has a title and description")
  func structure() throws {
    let svg = try SVGElements.parse(plot.svg())
    #expect(svg.texts("title") == ["Decoding <study>"])
    #expect(svg.texts("desc") == ["A & B"])
    let labels = svg.texts("text")
    for name in [
      "greedy", "stochastic_beam(4,t=0.7)", "broken (not plotted)", "perplexity", "distinct-2",
    ] {
      #expect(labels.contains(name), "\(name)")
    }
    // The x ticks of 1.8…3.3: steps of 0.5 from 1.5 to 3.5.
    #expect(["1.5", "2.0", "2.5", "3.0", "3.5"].allSatisfy(labels.contains))
  }

  @Test("no element lies outside the view box, however long a legend entry")
  func insideViewBox() throws {
    var long = plot
    long.points.append(
      .init(name: String(repeating: "very long strategy name ", count: 5), x: 2, y: 0.5))
    for candidate in [plot, long] {
      let svg = try SVGElements.parse(candidate.svg())
      #expect(svg.outsideViewBox().isEmpty, "\(svg.outsideViewBox())")
    }
  }

  @Test("an empty plot is a valid picture that says so")
  func empty() throws {
    let svg = try SVGElements.parse(
      ScatterPlot(title: "t", summary: "s", xLabel: "x", yLabel: "y", points: []).svg())
    #expect(svg.texts("text").contains("no data"))
  }
}

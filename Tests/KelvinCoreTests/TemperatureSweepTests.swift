import Foundation
import KelvinCore
import Testing

@Suite("temperature sweep")
struct TemperatureSweepTests {
  @Test("entropy rises and the top probability falls with τ, between the two limits")
  func monotoneBetweenLimits() throws {
    let logits = [2.0, 1.0, 0.5, 0.1]
    let temperatures = [0, 0.1, 0.5, 1, 2, 10, 100, .infinity]
    let points = try temperatureSweep(logits: logits, temperatures: temperatures)
    #expect(points.map(\.temperature) == temperatures)
    for (a, b) in zip(points, points.dropFirst()) {
      #expect(a.entropy <= b.entropy)
      #expect(a.maximumProbability >= b.maximumProbability)
    }
    #expect(points.first?.entropy == 0 && points.first?.maximumProbability == 1)
    #expect(abs((points.last?.entropy ?? 0) - Foundation.log(4)) < 1e-15)
    #expect(points.last?.maximumProbability == 0.25)
  }

  @Test("each point matches the reference softmax")
  func matchesReference() throws {
    let logits = [Float(3), -1, 0.5]
    let points = try temperatureSweep(logits: logits, temperatures: [0.7])
    let p = Reference.softmax(logits.map { Double($0) }, temperature: 0.7)
    #expect(relativeError(points[0].entropy, Reference.entropy(p)) < 1e-14)
    #expect(relativeError(points[0].maximumProbability, p.max() ?? 0) < 1e-15)
  }
}

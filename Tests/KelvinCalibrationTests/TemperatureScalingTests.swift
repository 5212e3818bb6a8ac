import Foundation
import KelvinCalibration
import KelvinCore
import Testing

@Suite("temperature scaling")
struct TemperatureScalingTests {
  @Test("a perfectly calibrated set fits τ ≈ 1; logits scaled by c fit τ ≈ c")
  func fitsTheTrueTemperature() throws {
    // 20,000 examples over 5 classes: the standard error of the fitted τ is about 0.01; the
    // bound 0.05 is five of them.
    let data = try calibratedSet(count: 20_000, classes: 5, scale: 1, seed: 3)
    let fit = try TemperatureScaling(logits: data.logits, labels: data.labels)
    #expect(abs(fit.temperature - 1) < 0.05)
    #expect(fit.iterations <= 10)
    for c in [0.25, 3.0] {
      let scaled = data.logits.map { $0.map { $0 * c } }
      let scaledFit = try TemperatureScaling(logits: scaled, labels: data.labels)
      #expect(abs(scaledFit.temperature / c - 1) < 0.05)
    }
  }

  @Test("the fit is the NLL minimum: nearby temperatures are no better")
  func minimum() throws {
    let data = try calibratedSet(count: 2_000, classes: 4, scale: 2, seed: 9)
    let fit = try TemperatureScaling(logits: data.logits, labels: data.labels)
    func nll(_ tau: Double) throws -> Double {
      CalibrationMetrics(
        probabilities: try calibratedProbabilities(data.logits, temperature: tau),
        labels: data.labels
      ).negativeLogLikelihood
    }
    #expect(try nll(fit.temperature) <= nll(fit.temperature * 1.01) + 1e-12)
    #expect(try nll(fit.temperature) <= nll(fit.temperature * 0.99) + 1e-12)
    #expect(abs(try nll(fit.temperature) - fit.negativeLogLikelihood) < 1e-9)
  }

  @Test("a flat problem keeps τ = 1")
  func flat() throws {
    let fit = try TemperatureScaling(logits: [[0, 0], [0, 0]], labels: [0, 1])
    #expect(fit.temperature == 1 && fit.iterations == 0)
  }
}

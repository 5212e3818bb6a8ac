import Foundation
import KelvinCalibration
import KelvinCore
import Testing

@Suite("calibration metrics")
struct CalibrationMetricsTests {
  @Test("τ = 1 leaves every metric unchanged; accuracy never depends on τ")
  func invariances() throws {
    let data = try calibratedSet(count: 500, classes: 6, scale: 1.5, seed: 4)
    let plain = CalibrationMetrics(
      probabilities: data.logits.map { (try? $0.softmax()) ?? [] }, labels: data.labels)
    let scaled = CalibrationMetrics(
      probabilities: try calibratedProbabilities(data.logits, temperature: 1), labels: data.labels)
    #expect(plain == scaled)
    for tau in [0.1, 0.5, 2, 10] {
      let other = CalibrationMetrics(
        probabilities: try calibratedProbabilities(data.logits, temperature: tau),
        labels: data.labels)
      #expect(other.accuracy == plain.accuracy)
    }
  }

  @Test("ECE, MCE, Brier and NLL of hand-built bins, computed by hand")
  func handBuilt() {
    // Four examples, 2 classes, 2 bins [0, 0.5) and [0.5, 1]. Top-class confidences 0.9
    // (right), 0.7 (wrong), 0.6 (right), 0.5 (class 0 by the lowest-index rule, wrong): all in
    // the upper bin, with mean confidence 0.675 and accuracy 0.5, so ECE = MCE = 0.175.
    let probabilities = [[0.9, 0.1], [0.7, 0.3], [0.6, 0.4], [0.5, 0.5]]
    let labels = [0, 1, 0, 1]
    let metrics = CalibrationMetrics(probabilities: probabilities, labels: labels, binCount: 2)
    #expect(abs(metrics.expectedCalibrationError - 0.175) < 1e-12)
    #expect(abs(metrics.maximumCalibrationError - 0.175) < 1e-12)
    #expect(metrics.accuracy == 0.5)
    // NLL = −(ln .9 + ln .3 + ln .6 + ln .5)/4; Brier = (2·.01 + 2·.49 + 2·.16 + 2·.25)/4.
    let nll = -(log(0.9) + log(0.3) + log(0.6) + log(0.5)) / 4
    #expect(abs(metrics.negativeLogLikelihood - nll) < 1e-12)
    #expect(abs(metrics.brier - (0.02 + 0.98 + 0.32 + 0.5) / 4) < 1e-12)
  }

  @Test("the binning rule: bin k holds [k/B, (k+1)/B); 1/15 falls in bin 1, 1 in the last")
  func binningRule() {
    #expect(CalibrationMetrics.equalWidthBin(1.0 / 15, count: 15) == 1)
    #expect(CalibrationMetrics.equalWidthBin(1.0 / 15 - 1e-12, count: 15) == 0)
    #expect(CalibrationMetrics.equalWidthBin(1, count: 15) == 14)
    #expect(CalibrationMetrics.equalWidthBin(0, count: 15) == 0)
    for k in 0..<15 { #expect(CalibrationMetrics.equalWidthBin(Double(k) / 15, count: 15) == k) }
  }

  @Test("equal-mass bins hold nearly equal counts")
  func equalMass() throws {
    let data = try calibratedSet(count: 100, classes: 3, scale: 1, seed: 2)
    let metrics = CalibrationMetrics(
      probabilities: try calibratedProbabilities(data.logits, temperature: 1), labels: data.labels,
      binCount: 15, binning: .equalMass)
    let counts = metrics.bins.map(\.count)
    #expect(counts.reduce(0, +) == 100)
    #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1)
  }

  @Test("the accumulator gives exactly the in-memory metrics (equal-width bins)")
  func accumulatorMatches() throws {
    let data = try calibratedSet(count: 700, classes: 5, scale: 2, seed: 12)
    let probabilities = try calibratedProbabilities(data.logits, temperature: 1.3)
    let memory = CalibrationMetrics(probabilities: probabilities, labels: data.labels, binCount: 15)
    var accumulator = CalibrationMetrics.Accumulator(classes: 5, binCount: 15)
    for (p, label) in zip(probabilities, data.labels) {
      p.withUnsafeBufferPointer { accumulator.add($0, label: label) }
    }
    let streamed = CalibrationMetrics(accumulator)
    #expect(abs(streamed.negativeLogLikelihood - memory.negativeLogLikelihood) < 1e-12)
    #expect(abs(streamed.brier - memory.brier) < 1e-12)
    #expect(streamed.accuracy == memory.accuracy)
    #expect(abs(streamed.expectedCalibrationError - memory.expectedCalibrationError) < 1e-12)
    #expect(abs(streamed.maximumCalibrationError - memory.maximumCalibrationError) < 1e-12)
    #expect(abs(streamed.classwiseCalibrationError - memory.classwiseCalibrationError) < 1e-12)
    #expect(streamed.bins.map(\.count) == memory.bins.map(\.count))
  }
}

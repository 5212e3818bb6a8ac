import Foundation
import KelvinCalibration
import KelvinCore
import Testing

/// Synthetic data whose labels are drawn from softmax(z): perfectly calibrated by
/// construction.
func calibratedSet(count: Int, classes: Int, scale: Double, seed: UInt64) -> (
  logits: [[Double]], labels: [Int]
) {
  var generator = Xoshiro256StarStar(seed: seed)
  var logits: [[Double]] = []
  var labels: [Int] = []
  for _ in 0..<count {
    let z = (0..<classes).map { _ in 3 * (generator.nextUnitInterval() - 0.5) }
    let p = (try? z.softmax()) ?? []
    let u = generator.nextUnitInterval()
    var cumulative = 0.0
    var label = classes - 1
    for (k, value) in p.enumerated() {
      cumulative += value
      if u < cumulative {
        label = k
        break
      }
    }
    logits.append(z.map { $0 * scale })
    labels.append(label)
  }
  return (logits, labels)
}

@Suite("temperature scaling")
struct TemperatureScalingTests {
  @Test("a perfectly calibrated set fits τ ≈ 1; logits scaled by c fit τ ≈ c")
  func fitsTheTrueTemperature() throws {
    // 20,000 examples over 5 classes: the standard error of the fitted τ is about 0.01; the
    // bound 0.05 is five of them.
    let data = calibratedSet(count: 20_000, classes: 5, scale: 1, seed: 3)
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
    let data = calibratedSet(count: 2_000, classes: 4, scale: 2, seed: 9)
    let fit = try TemperatureScaling(logits: data.logits, labels: data.labels)
    func nll(_ tau: Double) -> Double {
      CalibrationMetrics(
        probabilities: calibratedProbabilities(data.logits, temperature: tau), labels: data.labels
      ).negativeLogLikelihood
    }
    #expect(nll(fit.temperature) <= nll(fit.temperature * 1.01) + 1e-12)
    #expect(nll(fit.temperature) <= nll(fit.temperature * 0.99) + 1e-12)
    #expect(abs(nll(fit.temperature) - fit.negativeLogLikelihood) < 1e-9)
  }

  @Test("τ = 1 leaves every metric unchanged; accuracy never depends on τ")
  func invariances() {
    let data = calibratedSet(count: 500, classes: 6, scale: 1.5, seed: 4)
    let plain = CalibrationMetrics(
      probabilities: data.logits.map { (try? $0.softmax()) ?? [] }, labels: data.labels)
    let scaled = CalibrationMetrics(
      probabilities: calibratedProbabilities(data.logits, temperature: 1), labels: data.labels)
    #expect(plain == scaled)
    for tau in [0.1, 0.5, 2, 10] {
      let other = CalibrationMetrics(
        probabilities: calibratedProbabilities(data.logits, temperature: tau), labels: data.labels)
      #expect(other.accuracy == plain.accuracy)
    }
  }

  @Test("a flat problem keeps τ = 1")
  func flat() throws {
    let fit = try TemperatureScaling(logits: [[0, 0], [0, 0]], labels: [0, 1])
    #expect(fit.temperature == 1 && fit.iterations == 0)
  }
}

@Suite("calibration metrics")
struct CalibrationMetricsTests {
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
  func equalMass() {
    let data = calibratedSet(count: 100, classes: 3, scale: 1, seed: 2)
    let metrics = CalibrationMetrics(
      probabilities: calibratedProbabilities(data.logits, temperature: 1), labels: data.labels,
      binCount: 15, binning: .equalMass)
    let counts = metrics.bins.map(\.count)
    #expect(counts.reduce(0, +) == 100)
    #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1)
  }
}

@Suite("the bundled classifier")
struct BundledClassifierTests {
  @Test("the splits are fixed and disjoint in size; seeded training is reproducible")
  func reproducible() throws {
    let (train, validation, test) = try Digits.splits()
    #expect(train.count == 1000 && validation.count == 397 && test.count == 400)
    #expect(Set(train.labels) == Set(0..<10))
    var a = Classifier(inputs: 64, hidden: 8, classes: 10, seed: 5)
    var b = Classifier(inputs: 64, hidden: 8, classes: 10, seed: 5)
    let small = LabelledData(
      features: Array(train.features.prefix(200)), labels: Array(train.labels.prefix(200)),
      classCount: 10)
    Trainer(seed: 3).train(
      &a, on: small, epochs: 3, lossGradient: Trainer.crossEntropy(labels: small.labels))
    Trainer(seed: 3).train(
      &b, on: small, epochs: 3, lossGradient: Trainer.crossEntropy(labels: small.labels))
    #expect(a.parameters == b.parameters)
  }
}

@Suite("streamed calibration metrics")
struct StreamedMetricsTests {
  @Test("the accumulator gives exactly the in-memory metrics (equal-width bins)")
  func accumulatorMatches() {
    let data = calibratedSet(count: 700, classes: 5, scale: 2, seed: 12)
    let probabilities = calibratedProbabilities(data.logits, temperature: 1.3)
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

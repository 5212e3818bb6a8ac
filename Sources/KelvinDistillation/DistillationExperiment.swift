import Foundation
import KelvinCalibration
import KelvinCore

/// The distillation experiment on the bundled digits: a teacher network trained long enough to
/// be over-confident, then a smaller student trained without distillation and with it at each
/// temperature, all measured on the held-out test split.
public struct DistillationExperiment: Sendable {
  /// Test accuracy and NLL of one model.
  public struct Result: Sendable, Equatable {
    /// The distillation temperature (`nil` for the teacher and the plain student).
    public let temperature: Double?
    /// Test accuracy.
    public let accuracy: Double
    /// Test negative log-likelihood, in nats.
    public let negativeLogLikelihood: Double
  }

  /// Hidden units of the teacher.
  public var teacherHidden = 64
  /// Epochs of the teacher.
  public var teacherEpochs = 60
  /// Hidden units of the student.
  public var studentHidden = 8
  /// Epochs of every student.
  public var studentEpochs = 20
  /// The weight α of the soft term.
  public var alpha = 0.9
  /// The seed of initialisation and example order.
  public var seed: UInt64 = 1

  /// Creates an experiment with the defaults.
  public init() {}

  /// Runs the experiment.
  ///
  /// - Parameters:
  ///   - temperatures: Distillation temperatures.
  ///   - progress: Called with a description and a fraction done.
  /// - Returns: The teacher, then the plain student, then one student per temperature; and
  ///   the teacher's logits and the labels of the test split.
  /// - Throws: When the bundled data cannot be read; `KelvinError` for a temperature that is
  ///   not finite and > 0 (checked before any training) or logits that stop being finite;
  ///   ``DistillationError`` for an α outside [0, 1].
  public func run(temperatures: [Double], progress: (String, Double) -> Void = { _, _ in }) throws
    -> (results: [Result], teacherTestLogits: [[Double]], testLabels: [Int])
  {
    let losses = try temperatures.map { try DistillationLoss(temperature: $0, alpha: alpha) }
    let (train, _, test) = try Digits.splits()
    let totalEpochs = Double(teacherEpochs + studentEpochs * (temperatures.count + 1))
    var done = 0.0
    var teacher = Classifier(inputs: 64, hidden: teacherHidden, classes: 10, seed: seed)
    try Trainer(seed: seed).train(
      &teacher, on: train, epochs: teacherEpochs,
      lossGradient: Trainer.crossEntropy(labels: train.labels)
    ) { _, _ in
      done += 1
      progress("teacher", done / totalEpochs)
    }
    let teacherTrainLogits = teacher.logits(train)
    var results = [try Self.evaluate(teacher, test, temperature: nil)]
    for loss in [nil] + losses.map(Optional.some) {
      let temperature = loss?.temperature
      var student = Classifier(inputs: 64, hidden: studentHidden, classes: 10, seed: seed + 1)
      let lossGradient: (Int, [Double]) throws -> (loss: Double, gradient: [Double])
      if let loss {
        lossGradient = { index, z in
          let student = [z]
          let teacher = [teacherTrainLogits[index]]
          let labels = [train.labels[index]]
          let value = try loss.value(student: student, teacher: teacher, labels: labels)
          let gradient = try loss.gradient(student: student, teacher: teacher, labels: labels)
          return (value.loss, gradient[0])
        }
      } else {
        lossGradient = Trainer.crossEntropy(labels: train.labels)
      }
      try Trainer(seed: seed + 1).train(
        &student, on: train, epochs: studentEpochs, lossGradient: lossGradient
      ) { _, _ in
        done += 1
        progress(
          temperature.map { "student, T = \(NumberFormatting.shortest($0))" } ?? "student",
          done / totalEpochs)
      }
      results.append(try Self.evaluate(student, test, temperature: temperature))
    }
    return (results, teacher.logits(test), test.labels)
  }

  /// The correctly classified test example whose teacher distribution at T = 1 gives its
  /// second-likeliest class the most probability: the most "dark knowledge" to show.
  ///
  /// - Throws: `KelvinError` for logits that are not finite.
  public static func mostAmbiguousExample(logits: [[Double]], labels: [Int]) throws -> Int {
    var best = 0
    var bestSecond = -1.0
    for (index, z) in logits.enumerated() {
      let p = try z.softmax()
      guard p.indices.max(by: { p[$0] < p[$1] }) == labels[index] else { continue }
      let second = p.enumerated().filter { $0.offset != labels[index] }.map(\.element).max() ?? 0
      if second > bestSecond {
        bestSecond = second
        best = index
      }
    }
    return best
  }

  static func evaluate(_ model: Classifier, _ data: LabelledData, temperature: Double?) throws
    -> Result
  {
    let probabilities = try calibratedProbabilities(model.logits(data), temperature: 1)
    let metrics = CalibrationMetrics(probabilities: probabilities, labels: data.labels)
    return Result(
      temperature: temperature, accuracy: metrics.accuracy,
      negativeLogLikelihood: metrics.negativeLogLikelihood)
  }
}

/// The teacher's distribution for one example at several temperatures: the terminal version
/// of Hinton's "a 3 that looks a bit like an 8".
public func softTargets(logits: [Double], temperatures: [Double]) throws -> [[Double]] {
  try temperatures.map { try logits.softmax(temperature: $0) }
}

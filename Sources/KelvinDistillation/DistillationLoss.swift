import Foundation
import KelvinCore

/// The knowledge-distillation loss of Hinton, Vinyals and Dean (2015).
///
/// Averaged over a batch:
///     L = α · T² · KL(softmax(t / T) ‖ softmax(s / T)) + (1 − α) · CE(y, softmax(s))
///
/// with teacher logits `t`, student logits `s`, labels `y`, temperature `T` and weight `α`. The
/// `T²` keeps the soft term's gradient on the scale of the hard term's as T grows. Its
/// gradient with respect to the student logits, per example and divided by the batch size:
///
///     ∂L/∂s = α · T · (softmax(s / T) − softmax(t / T)) + (1 − α) · (softmax(s) − onehot(y))
public struct DistillationLoss: Sendable, Equatable {
  /// The temperature T > 0.
  public let temperature: Double
  /// The weight α of the soft term, in [0, 1].
  public let alpha: Double

  /// Creates the loss.
  ///
  /// - Throws: `KelvinError.invalidTemperature` for T that is not finite and > 0;
  ///   ``DistillationError/invalidAlpha(_:)`` for α outside [0, 1].
  public init(temperature: Double, alpha: Double) throws {
    guard temperature.isFinite, temperature > 0 else {
      throw KelvinError.invalidTemperature(temperature)
    }
    guard alpha >= 0, alpha <= 1 else { throw DistillationError.invalidAlpha(alpha) }
    self.temperature = temperature
    self.alpha = alpha
  }

  /// The loss and its parts for one batch.
  public struct Value: Sendable, Equatable {
    /// The total loss.
    public let loss: Double
    /// The mean `T² · KL` term (before weighting by α).
    public let klTerm: Double
    /// The mean cross-entropy `CE(y, softmax(s))` before weighting by 1 − α.
    ///
    /// `nil` without labels. With labels it is reported even at α = 1, where it weighs nothing.
    public let ceTerm: Double?
  }

  /// The loss over a batch; `labels` may be empty when α = 1 (the loss then has no
  /// cross-entropy term to report).
  ///
  /// - Throws: ``DistillationError`` for mismatched shapes or missing labels, `KelvinError` for
  ///   invalid logits.
  public func value(student: [[Double]], teacher: [[Double]], labels: [Int]) throws -> Value {
    try check(student, teacher, labels)
    var kl = 0.0
    var ce = 0.0
    for (index, (s, t)) in zip(student, teacher).enumerated() {
      let q = try t.softmax(temperature: temperature)
      let logP = try s.logSoftmax(temperature: temperature)
      let logQ = try t.logSoftmax(temperature: temperature)
      for k in q.indices where q[k] > 0 { kl += q[k] * (logQ[k] - logP[k]) }
      if !labels.isEmpty { ce -= try s.logSoftmax()[labels[index]] }
    }
    let n = Double(student.count)
    let klTerm = temperature * temperature * kl / n
    let ceTerm = labels.isEmpty ? nil : ce / n
    var loss = alpha * klTerm
    if let ceTerm, alpha < 1 { loss += (1 - alpha) * ceTerm }
    return Value(loss: loss, klTerm: klTerm, ceTerm: ceTerm)
  }

  /// The gradient of ``value(student:teacher:labels:)`` with respect to each student logit.
  ///
  /// - Throws: As ``value(student:teacher:labels:)``.
  public func gradient(student: [[Double]], teacher: [[Double]], labels: [Int]) throws -> [[Double]]
  {
    try check(student, teacher, labels)
    let n = Double(student.count)
    return try zip(student, teacher).enumerated().map { index, pair in
      let (s, t) = pair
      let pT = try s.softmax(temperature: temperature)
      let qT = try t.softmax(temperature: temperature)
      let p = try s.softmax()
      return s.indices.map { k in
        var g = alpha * temperature * (pT[k] - qT[k])
        if alpha < 1 { g += (1 - alpha) * (p[k] - (k == labels[index] ? 1 : 0)) }
        return g / n
      }
    }
  }

  func check(_ student: [[Double]], _ teacher: [[Double]], _ labels: [Int]) throws {
    guard !student.isEmpty else { throw DistillationError.shapeMismatch("the batch is empty") }
    guard student.count == teacher.count else {
      throw DistillationError.shapeMismatch(
        "student has \(student.count) rows, teacher \(teacher.count)")
    }
    for (index, (s, t)) in zip(student, teacher).enumerated() where s.count != t.count {
      throw DistillationError.shapeMismatch(
        "row \(index): student has \(s.count) classes, teacher \(t.count)")
    }
    if alpha < 1 || !labels.isEmpty {
      guard labels.count == student.count else {
        throw DistillationError.shapeMismatch("\(labels.count) labels for \(student.count) rows")
      }
      for (index, label) in labels.enumerated() where label < 0 || label >= student[index].count {
        throw DistillationError.labelOutOfRange(
          index: index, label: label, classes: student[index].count)
      }
    }
  }
}

/// Errors of the distillation layer.
public enum DistillationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// α outside [0, 1].
  case invalidAlpha(Double)
  /// Shapes that do not match.
  case shapeMismatch(String)
  /// A label outside the classes.
  case labelOutOfRange(index: Int, label: Int, classes: Int)

  /// A one-line message.
  public var description: String {
    switch self {
    case .invalidAlpha(let alpha):
      return "alpha must lie in [0, 1], got \(NumberFormatting.shortest(alpha))"
    case .shapeMismatch(let text): return text
    case .labelOutOfRange(let index, let label, let classes):
      return "label \(index) is \(label), outside 0…\(classes - 1)"
    }
  }
}

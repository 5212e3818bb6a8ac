import Foundation
import KelvinCore
import KelvinDistillation
import Testing

@Suite("distillation loss")
struct DistillationLossTests {
  static let student = [[1.0, -0.5, 0.3, 2.0], [0.2, 0.1, -1.0, 0.4]]
  static let teacher = [[2.5, -1.0, 0.0, 1.0], [-0.3, 0.9, -0.2, 0.1]]
  static let labels = [3, 1]

  @Test("the analytic gradient matches central finite differences", arguments: [1.0, 4.0, 20.0])
  func gradient(temperature: Double) throws {
    let loss = try DistillationLoss(temperature: temperature, alpha: 0.7)
    let analytic = try loss.gradient(
      student: Self.student, teacher: Self.teacher, labels: Self.labels)
    let h = 1e-6
    for row in 0..<2 {
      for k in 0..<4 {
        var plus = Self.student
        var minus = Self.student
        plus[row][k] += h
        minus[row][k] -= h
        let numeric =
          (try loss.value(student: plus, teacher: Self.teacher, labels: Self.labels).loss
            - loss.value(student: minus, teacher: Self.teacher, labels: Self.labels).loss) / (2 * h)
        #expect(abs(numeric - analytic[row][k]) < 1e-7)
      }
    }
  }

  @Test("α = 0 is plain cross-entropy")
  func alphaZero() throws {
    let loss = try DistillationLoss(temperature: 3, alpha: 0)
    let value = try loss.value(student: Self.student, teacher: Self.teacher, labels: Self.labels)
    let ce = -(try Self.student[0].logSoftmax()[3] + Self.student[1].logSoftmax()[1]) / 2
    #expect(abs(value.loss - ce) < 1e-12)
  }

  @Test("as T grows, the soft term's gradient approaches α(s − t)/K for zero-mean logits")
  func largeTemperatureLimit() throws {
    // Hinton et al. 2015, section 2.1: with zero-mean logits, T·(softmax(s/T) − softmax(t/T))
    // → (s − t)/K. One example, so no batch division.
    func centred(_ v: [Double]) -> [Double] {
      let mean = v.reduce(0, +) / Double(v.count)
      return v.map { $0 - mean }
    }
    let s = centred(Self.student[0])
    let t = centred(Self.teacher[0])
    let loss = try DistillationLoss(temperature: 1e4, alpha: 0.6)
    let gradient = try loss.gradient(student: [s], teacher: [t], labels: [0])[0]
    // The hard term adds (1 − α)(softmax(s) − onehot); remove it to isolate the soft term.
    let p = try s.softmax()
    for k in 0..<4 {
      let soft = gradient[k] - 0.4 * (p[k] - (k == 0 ? 1 : 0))
      let limit = 0.6 * (s[k] - t[k]) / 4
      #expect(abs(soft - limit) < 1e-4 * max(1, abs(limit)))
    }
  }

  @Test("bad inputs are errors")
  func badInputs() {
    #expect(throws: DistillationError.invalidAlpha(1.5)) {
      try DistillationLoss(temperature: 2, alpha: 1.5)
    }
    #expect(throws: KelvinError.self) { try DistillationLoss(temperature: 0, alpha: 0.5) }
    let loss = try? DistillationLoss(temperature: 2, alpha: 0.5)
    #expect(throws: DistillationError.self) {
      try loss?.value(student: [[1, 2]], teacher: [[1, 2, 3]], labels: [0])
    }
    #expect(throws: DistillationError.labelOutOfRange(index: 0, label: 5, classes: 2)) {
      try loss?.value(student: [[1, 2]], teacher: [[1, 2]], labels: [5])
    }
  }
}

import KelvinCalibration
import KelvinCore
import KelvinDistillation
import Testing

@Suite("distillation experiment")
struct DistillationExperimentTests {
  @Test("an invalid temperature is an error before any training, not a student labelled with it")
  func invalidTemperature() {
    var experiment = DistillationExperiment()
    experiment.teacherEpochs = 1
    experiment.studentEpochs = 1
    #expect(throws: KelvinError.invalidTemperature(0)) {
      try experiment.run(temperatures: [2, 0])
    }
    experiment.alpha = 1.5
    #expect(throws: DistillationError.invalidAlpha(1.5)) { try experiment.run(temperatures: [2]) }
  }

  @Test("the loss reports the cross-entropy with labels at α = 1, and none without labels")
  func crossEntropyTerm() throws {
    let loss = try DistillationLoss(temperature: 2, alpha: 1)
    let withLabels = try loss.value(student: [[1, 2, 0]], teacher: [[2, 1, 0]], labels: [1])
    let expected = -(try [1.0, 2, 0].logSoftmax()[1])
    #expect(abs((withLabels.ceTerm ?? 0) - expected) < 1e-15)
    #expect(withLabels.loss == withLabels.klTerm)
    let without = try loss.value(student: [[1, 2, 0]], teacher: [[2, 1, 0]], labels: [])
    #expect(without.ceTerm == nil && without.loss == without.klTerm)
  }
}

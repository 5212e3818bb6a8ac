import Foundation
import KelvinCore
import KelvinExploration
import Testing

@Suite("temperature schedules")
struct TemperatureScheduleTests {
  @Test("each schedule matches its formula")
  func formulas() {
    #expect(TemperatureSchedule.constant(0.3).temperature(at: 999) == 0.3)
    // linear(2, 0.5, 100): at t = 40, 2 + (0.5 − 2)·0.4 = 1.4; flat after 100.
    #expect(
      abs(TemperatureSchedule.linear(start: 2, end: 0.5, steps: 100).temperature(at: 40) - 1.4)
        < 1e-12)
    #expect(TemperatureSchedule.linear(start: 2, end: 0.5, steps: 100).temperature(at: 500) == 0.5)
    // exp(1, 0.995) at t = 200: 0.995^200 = 0.36696.
    #expect(
      abs(
        TemperatureSchedule.exponential(start: 1, decay: 0.995).temperature(at: 200)
          - pow(0.995, 200)) < 1e-15)
    // invlog(1) at t = 0: 1 / ln 2; at t = 8: 1 / ln 10.
    #expect(abs(TemperatureSchedule.inverseLog(1).temperature(at: 0) - 1 / log(2.0)) < 1e-15)
    #expect(abs(TemperatureSchedule.inverseLog(1).temperature(at: 8) - 1 / log(10.0)) < 1e-15)
    // cosine(1, 0.1, 100): start at t = 0, midpoint 0.55 at t = 50, end at 100 and after.
    let cosine = TemperatureSchedule.cosine(start: 1, end: 0.1, steps: 100)
    #expect(abs(cosine.temperature(at: 0) - 1) < 1e-15)
    #expect(abs(cosine.temperature(at: 50) - 0.55) < 1e-12)
    #expect(
      abs(cosine.temperature(at: 100) - 0.1) < 1e-12
        && abs(cosine.temperature(at: 300) - 0.1) < 1e-12)
    let piecewise = TemperatureSchedule.piecewise([(0, 1), (100, 0.5), (500, 0.1)])
    #expect(piecewise.temperature(at: 0) == 1 && piecewise.temperature(at: 99) == 1)
    #expect(piecewise.temperature(at: 100) == 0.5 && piecewise.temperature(at: 10_000) == 0.1)
  }

  @Test(
    "bounds hold the value at every step: checked against 10,000 steps of each schedule",
    arguments: [
      TemperatureSchedule.constant(0.3), .linear(start: 2, end: 0.5, steps: 100),
      .linear(start: 0.1, end: 3, steps: 7), .exponential(start: 1, decay: 0.99),
      .exponential(start: 0.5, decay: 1.001), .inverseLog(2),
      .cosine(start: 1, end: 0.1, steps: 500), .piecewise([(0, 1), (100, 0.5), (500, 2)]),
    ])
  func boundsContainEveryStep(schedule: TemperatureSchedule) {
    let bounds = schedule.bounds
    for t in 0..<10_000 { #expect(bounds.contains(schedule.temperature(at: t))) }
  }
}

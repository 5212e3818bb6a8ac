import CKelvinKernels
import KelvinCore
import Testing

/// Choosing the kernels' instruction set: names, the levels this CPU has, and that a chosen
/// level is the one the kernels run with and gives the same bits.
@Suite("Kernel levels: detection, names and choosing one")
struct KernelLevelTests {
  @Test("names round-trip and match the C levels (0, 2, 3)")
  func names() {
    #expect(KernelLevel.allCases.map(\.description) == ["portable", "avx2", "avx512"])
    #expect(KernelLevel.allCases.map(\.rawValue) == [0, 2, 3])
    for level in KernelLevel.allCases { #expect(KernelLevel(name: level.description) == level) }
    #expect(KernelLevel(name: "AVX2") == nil && KernelLevel(name: "sse2") == nil)
    #expect(KernelLevel.detected.rawValue == Int(kelvin_detected_kernel_level()))
    #expect(KernelLevel.available.first == .portable && KernelLevel.available.last == .detected)
  }

  @Test("a chosen level runs, gives the detected level's bits, and a missing one is refused")
  func choosing() throws {
    let input = (0..<5000).map { Float(($0 * 7919) % 1000) / 37 - 13 }
    func softmax() -> [Float] {
      var output = [Float](repeating: 0, count: input.count)
      let ok = input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
          FloatVectorKernels.softmax(x, into: y, temperature: 0.7)
        }
      }
      #expect(ok)
      return output
    }
    let detected = softmax()
    // The kernels read the level at every call, so another test running meanwhile sees a lower
    // level only in its speed, never in its bits.
    defer { KernelLevel.useDetected() }
    for level in KernelLevel.available {
      try KernelLevel.use(level)
      #expect(Int(kelvin_kernel_level()) == level.rawValue)
      #expect(softmax().map(\.bitPattern) == detected.map(\.bitPattern), "\(level)")
    }
    KernelLevel.useDetected()
    #expect(KernelLevel.current == KernelLevel.detected)
    if KernelLevel.detected != .avx512 {
      #expect(throws: KernelLevelError(requested: .avx512, detected: KernelLevel.detected)) {
        try KernelLevel.use(.avx512)
      }
      #expect(KernelLevel.current == KernelLevel.detected)
    }
    #expect(kelvin_use_kernel_level(1) == Int32(KELVIN_INVALID))
    #expect(kelvin_use_kernel_level(7) == Int32(KELVIN_INVALID))
  }
}

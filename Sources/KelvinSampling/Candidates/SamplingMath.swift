#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The elementary functions the processors use, in one place (the platform's C library).
enum SamplingMath {
  static func exp(_ x: Double) -> Double { platformExp(x) }
  static func log(_ x: Double) -> Double { platformLog(x) }
  static func pow(_ x: Double, _ y: Double) -> Double { platformPow(x, y) }
  static func log2(_ x: Double) -> Double { platformLog2(x) }
}

private func platformExp(_ x: Double) -> Double { exp(x) }
private func platformLog(_ x: Double) -> Double { log(x) }
private func platformPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
private func platformLog2(_ x: Double) -> Double { log2(x) }

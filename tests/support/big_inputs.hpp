// Generated inputs big enough that work on them can be cancelled midway (the cancellation
// tests): a Jaeger /api/traces file of ten-span chains, written in one pass.
#pragma once

#include <fstream>
#include <string>

namespace nanoscope::test {

/// Writes `traces` traces of a ten-span chain each (about 170 bytes per span) over `services`
/// services named "svcN" with operations "op0".."op2".
inline void write_jaeger_chains(const std::string& path, int traces, int services) {
  std::ofstream out(path);
  out << "{\"data\":[";
  for (int t = 0; t < traces; ++t) {
    const std::string trace = "t" + std::to_string(t);
    out << (t ? "," : "") << "{\"traceID\":\"" << trace << "\",\"spans\":[";
    for (int s = 0; s < 10; ++s) {
      out << (s ? "," : "") << "{\"traceID\":\"" << trace << "\",\"spanID\":\"s" << s
          << "\",\"operationName\":\"op" << (t + s) % 3 << "\",\"references\":[";
      if (s) out << "{\"refType\":\"CHILD_OF\",\"traceID\":\"" << trace << "\",\"spanID\":\"s" << s - 1 << "\"}";
      out << "],\"startTime\":" << 1700000000000000LL + t * 1000LL + s << ",\"duration\":" << 1000 - s
          << ",\"tags\":[],\"logs\":[],\"processID\":\"p" << s << "\"}";
    }
    out << "],\"processes\":{";
    for (int s = 0; s < 10; ++s)
      out << (s ? "," : "") << "\"p" << s << "\":{\"serviceName\":\"svc" << (t * 7 + s * 13) % services << "\",\"tags\":[]}";
    out << "}}";
  }
  out << "]}";
}

}  // namespace nanoscope::test

// Palettes of the GUI: heat scale, kind and knot colours.
#include "gui/viewmodel/colours.hpp"

#include <array>

namespace nanoscope::gui {

Colour blend(Colour a, Colour b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  auto mix = [t](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + (static_cast<double>(y) - x) * t));
  };
  return rgba(mix(red(a), red(b)), mix(green(a), green(b)), mix(blue(a), blue(b)), mix(alpha(a), alpha(b)));
}

Colour heat(double t) {
  static constexpr std::array<Colour, 5> stops = {rgba(49, 92, 181), rgba(38, 166, 154), rgba(222, 205, 60),
                                                   rgba(240, 140, 40), rgba(215, 48, 39)};
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), stops.size() - 2);
  return blend(stops[i], stops[i + 1], t - static_cast<double>(i));
}

double latency_position(double micros) {
  if (micros <= 100.0) return 0.0;
  return std::clamp(std::log10(micros / 100.0) / 4.0, 0.0, 1.0);  // 100 us .. 1 s
}

Colour latency_colour(bool has_latency, double micros) {
  return has_latency ? heat(latency_position(micros)) : kNoData;
}

Colour kind_colour(model::ServiceKind kind) {
  switch (kind) {
    case model::ServiceKind::Service: return rgba(86, 156, 214);
    case model::ServiceKind::Database: return rgba(224, 150, 60);
    case model::ServiceKind::Cache: return rgba(214, 200, 70);
    case model::ServiceKind::Broker: return rgba(120, 190, 110);
    case model::ServiceKind::External: return rgba(150, 150, 160);
    case model::ServiceKind::Client: return rgba(110, 200, 200);
    // Infrastructure: muted violets and greys, so application services stand out.
    case model::ServiceKind::Telemetry: return rgba(170, 130, 210);
    case model::ServiceKind::FeatureFlags: return rgba(210, 130, 180);
    case model::ServiceKind::Registry: return rgba(140, 120, 170);
    case model::ServiceKind::Gateway: return rgba(200, 110, 110);
    case model::ServiceKind::Sidecar: return rgba(120, 120, 130);
  }
  return rgba(128, 128, 128);
}

Colour interaction_colour(model::InteractionKind kind) {
  switch (kind) {
    case model::InteractionKind::Sync: return rgba(150, 170, 200);
    case model::InteractionKind::Async: return rgba(110, 200, 120);
    case model::InteractionKind::Database: return rgba(224, 150, 60);
  }
  return rgba(128, 128, 128);
}

Colour knot_colour(std::size_t index) {
  static constexpr std::array<Colour, 6> palette = {rgba(232, 62, 160), rgba(163, 82, 240), rgba(250, 90, 210),
                                                     rgba(200, 40, 120), rgba(130, 60, 200), rgba(255, 120, 190)};
  return palette[index % palette.size()];
}

Colour severity_colour(analysis::Severity severity) {
  switch (severity) {
    case analysis::Severity::High: return rgba(235, 80, 70);
    case analysis::Severity::Medium: return rgba(240, 170, 50);
    case analysis::Severity::Low: return rgba(130, 170, 220);
  }
  return rgba(200, 200, 200);
}

}  // namespace nanoscope::gui

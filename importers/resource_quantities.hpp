// Parsing the resource amounts manifests give: Kubernetes quantities ("100m", "0.5", "64Mi",
// "128M", "1e3") and docker-compose sizes ("300M", "1.5g": binary units, as docker reads them).
#pragma once

#include <optional>
#include <string_view>

namespace nanoscope::importers::detail {

/// A Kubernetes resource quantity in base units (cores for cpu, bytes for memory):
/// decimal number, optional exponent (e3, E-2) or suffix: n u m k M G T P E (powers of 1000)
/// or Ki Mi Gi Ti Pi Ei (powers of 1024). nullopt when the text is not a quantity.
[[nodiscard]] std::optional<double> parse_kubernetes_quantity(std::string_view text);

/// A docker-compose byte size: number with optional unit b, k/kb, m/mb, g/gb, t/tb
/// (case-insensitive, powers of 1024, as docker's RAMInBytes). nullopt when invalid.
[[nodiscard]] std::optional<double> parse_compose_bytes(std::string_view text);

/// A plain non-negative decimal number ("0.5", "2", ".25"); nullopt when invalid.
[[nodiscard]] std::optional<double> parse_decimal(std::string_view text);

}  // namespace nanoscope::importers::detail

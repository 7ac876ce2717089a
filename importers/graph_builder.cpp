// PLACEHOLDER being written in this session.
#include "importers/graph_builder.hpp"
namespace nanoscope::importers {
struct GraphBuilder::Impl {};
GraphBuilder::GraphBuilder() : impl_(std::make_unique<Impl>()) {}
GraphBuilder::~GraphBuilder() = default;
void GraphBuilder::set_source(std::string_view file) { source_ = std::string(file); }
void GraphBuilder::add_span(const SpanRecord&) {}
void GraphBuilder::add_call(const CallRecord&) {}
void GraphBuilder::add_entry(std::string_view, std::string_view, std::uint64_t) {}
void GraphBuilder::declare_service(const ServiceDecl&) {}
void GraphBuilder::declare_dependency(const DependencyDecl&) {}
void GraphBuilder::warn(std::string_view code, std::string_view message, std::uint64_t count) {
  diagnostics_.report(model::Severity::Warning, source_, code, message, count);
}
void GraphBuilder::info(std::string_view code, std::string_view message, std::uint64_t count) {
  diagnostics_.report(model::Severity::Info, source_, code, message, count);
}
std::uint64_t GraphBuilder::span_count() const { return 0; }
model::CallGraph GraphBuilder::finish() { return std::move(graph_); }
}  // namespace nanoscope::importers

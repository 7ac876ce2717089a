// Scenario parameters of a graph simulation: run length, load, capacity and the
// communication model that prices each call as in-process or remote. Every field has a
// documented default so a manifest-only graph still simulates.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace nanoscope::sim {

/// Payload encoding of remote calls; decides serialization CPU per byte.
enum class Encoding { Protobuf, Json, Xml };

/// How requests arrive at entry operations: a Poisson process at the measured rate, or the
/// traces' own root start times replayed (repeated every observed window, compressed or
/// stretched to the entry's rate).
enum class Arrivals { Poisson, Replay };

/// How a service's workers wait for the synchronous calls its requests make.
enum class Concurrency {
  /// Non-blocking (event loop, async I/O, green threads): a request waiting on a call holds no
  /// core; its continuation (decoding the response, the next call) queues for a core again
  /// unless it costs nothing. Node.js, Netty/Vert.x/WebFlux, Go, Envoy, gRPC async servers.
  Async,
  /// Thread per request: a request holds one of its replica's threads from its start until it
  /// answers, waiting calls included; its CPU bursts use the replica's cores. Servlet
  /// containers (Tomcat, Jetty) with a bounded pool, gunicorn sync workers, PHP-FPM, Puma.
  Blocking,
};

/// How many replicas each station (partition group) gets.
enum class CapacityPolicy {
  /// Sized to load: enough replicas for autoscale_utilisation, communication CPU included.
  Autoscale,
  /// The deployment as it is: each imported service keeps its replicas (manifest, else
  /// default_replicas), whatever the partition; a merged group pools its services' cores.
  Fixed,
};

/// Application protocol of remote calls; decides how many calls share a connection.
enum class Protocol {
  Http1,  ///< one request in flight per connection (keep-alive pool)
  Http2,  ///< many streams multiplexed on each connection
  Grpc,   ///< HTTP/2 underneath: multiplexed like Http2
};

/// Where a service (a partition group) runs. Empty fields mean "not shared with anyone":
/// an empty node is a node of its own; an empty zone or region falls back to the scenario's
/// default_zone / default_region.
struct Placement {
  std::string node;
  std::string zone;
  std::string region;
  bool operator==(const Placement&) const = default;
};

/// Failure behaviour of the calls between two imported services, overriding the scenario's
/// defaults for those calls; unset fields keep the defaults.
struct EdgeFailures {
  std::optional<double> probability;
  std::optional<double> timeout_s;
  std::optional<std::uint32_t> retries;
  bool operator==(const EdgeFailures&) const = default;
};

/// Everything a graph simulation needs besides the graph and the partition.
struct Scenario {
  // --- run ---
  double duration_s = 60.0;       ///< simulated time during which requests arrive
  double warmup_s = 5.0;          ///< requests born before this are not measured
  bool drain = true;              ///< after duration_s, stop arrivals and finish every request
  std::uint64_t seed = 1;
  /// Independent runs (seed, seed+1, ...), read by callers: five give every mean and every
  /// before/after difference a 95% interval (Student t with 4 degrees of freedom).
  std::uint32_t replications = 5;

  // --- load ---
  /// Arrival rate per entry operation when the graph has no trace window (requests/s,
  /// shared among entries in proportion to their entry counts).
  double default_total_rate_per_s = 50.0;
  /// When positive, overrides the measured rates: entries share this total in proportion
  /// to their measured rates (keeps the request mix, sets the load).
  double total_rate_per_s = 0.0;
  double rate_scale = 1.0;        ///< multiplies every entry rate (load what-ifs)
  Arrivals arrivals = Arrivals::Poisson;

  // --- capacity ---
  std::uint32_t default_replicas = 1;  ///< when the manifest says nothing
  std::uint32_t workers_per_replica = 4;  ///< CPU cores per replica
  Concurrency concurrency = Concurrency::Async;
  /// Request threads per replica under Concurrency::Blocking (Tomcat's maxThreads default).
  std::uint32_t threads_per_replica = 200;
  CapacityPolicy capacity_policy = CapacityPolicy::Autoscale;
  /// Target utilisation of CapacityPolicy::Autoscale: every station gets at least
  /// ceil(offered CPU load / (workers_per_replica x this)) replicas, the offered load being the
  /// expected CPU-seconds per second of its operations' own work and of the communication
  /// their remote calls cost (sim/capacity_plan.hpp). The partition and its one-process
  /// reference are then provisioned alike, so their latency differs by communication, not by
  /// how many cores each happened to get. 0 turns sizing off (as CapacityPolicy::Fixed).
  double autoscale_utilisation = 0.7;
  /// Service time of an operation with no self-time samples (manifest-only graphs).
  double default_service_s = 1.0e-3;

  // --- call behaviour ---
  std::uint32_t max_call_depth = 32;  ///< calls deeper than this are not made (cycle guard)

  // --- communication: in-process ---
  double inprocess_call_s = 50e-9;    ///< a function call within one process

  // --- communication: remote ---
  Encoding encoding = Encoding::Json;
  double default_request_bytes = 1024.0;   ///< when traces carry no payload sizes
  double default_response_bytes = 4096.0;
  /// Serialization or deserialization CPU per byte, by encoding (seconds per byte; rough
  /// single-core figures: protobuf ~1 ns/B, JSON ~5 ns/B, XML/SOAP ~15 ns/B).
  double protobuf_s_per_byte = 1.0e-9;
  double json_s_per_byte = 5.0e-9;
  double xml_s_per_byte = 15.0e-9;
  /// Network-stack and protocol CPU per message per side (syscalls, HTTP framing).
  double stack_cpu_s = 15e-6;
  /// One-way propagation latency by placement of the two groups (see Placement).
  double same_node_s = 20e-6;         ///< loopback between containers on one node
  double propagation_s = 100e-6;      ///< one-way latency, same zone (different nodes)
  double cross_zone_s = 500e-6;       ///< same region, different availability zones
  double wan_s = 20e-3;               ///< different regions
  std::map<std::string, Placement> placement;  ///< by group (service) name
  std::string default_zone = "zone-a";
  std::string default_region = "region-1";
  double bandwidth_bytes_per_s = 1.25e9;  ///< 10 Gbit/s
  /// TLS on remote calls: record encryption CPU per byte on each side (AES-GCM ~1 GB/s per
  /// core); handshakes are not modelled (connections are kept alive). Counted as stack CPU.
  bool tls = false;
  double tls_s_per_byte = 1.0e-9;
  /// Service-mesh sidecar proxies: every remote message passes the sender's and the
  /// receiver's proxy, each adding sidecar_latency_s and charging sidecar_cpu_s to its side.
  bool sidecar = false;
  double sidecar_cpu_s = 40e-6;
  double sidecar_latency_s = 150e-6;

  // --- protocol and connections ---
  Protocol protocol = Protocol::Http1;
  /// Connections each caller replica keeps to each callee group; 0 = unlimited (no queueing
  /// for a connection). A call waits FIFO for a free slot; a slot is held from sending the
  /// request until the response arrives.
  std::uint32_t connections_per_replica = 0;
  /// Concurrent streams per connection under Http2/Grpc (HTTP/1.1 always carries one).
  std::uint32_t max_streams_per_connection = 100;
  /// Without keep-alive every remote call opens a new connection: one extra round trip
  /// (TCP) and, with tls, another round trip plus tls_handshake_cpu_s on each side.
  bool keep_alive = true;
  double tls_handshake_cpu_s = 1.0e-3;

  // --- failures ---
  /// Probability that one attempt of a remote call fails (lost request or error reply).
  double failure_probability = 0.0;
  /// A caller gives up on an attempt this long after starting it, waiting for a connection
  /// included (0 = waits forever). A lost request is noticed after the timeout, or after a
  /// round trip when there is none.
  double timeout_s = 0.0;
  std::uint32_t retries = 0;          ///< further attempts after a failed one
  double backoff_s = 10e-3;           ///< wait before the first retry
  double backoff_multiplier = 2.0;    ///< each later retry waits this much longer
  /// Per caller -> callee service pair ("from -> to", either side may be "*"), by the
  /// services' imported names (not the partition's groups); the most specific match wins:
  /// "a -> b", then "a -> *", then "* -> b".
  std::map<std::string, EdgeFailures> edge_failures;

  // --- broker for asynchronous messages ---
  /// When on, every remote asynchronous message goes through a broker station (one hop to
  /// the broker, its service time, one hop to the consumer) instead of straight to the callee.
  bool broker = false;
  double broker_service_s = 50e-6;
  std::uint32_t broker_replicas = 1;
  std::uint32_t broker_workers = 2;

  /// The policy in force: Autoscale with a zero target sizes nothing, which is Fixed.
  [[nodiscard]] CapacityPolicy effective_capacity_policy() const {
    return capacity_policy == CapacityPolicy::Autoscale && autoscale_utilisation > 0.0 ? CapacityPolicy::Autoscale
                                                                                       : CapacityPolicy::Fixed;
  }

  /// Serialization CPU per byte of the chosen encoding.
  [[nodiscard]] double serialization_s_per_byte() const {
    switch (encoding) {
      case Encoding::Protobuf: return protobuf_s_per_byte;
      case Encoding::Json: return json_s_per_byte;
      case Encoding::Xml: return xml_s_per_byte;
    }
    return json_s_per_byte;
  }

  /// Field-by-field equality (tests: a file stating the defaults gives Scenario{}).
  bool operator==(const Scenario&) const = default;
};

}  // namespace nanoscope::sim

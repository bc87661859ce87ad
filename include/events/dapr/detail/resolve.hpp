#pragma once
// The sidecar address and token from Dapr's environment variables, as the publisher resolves them,
// for the other clients of the sidecar (jobs, bulk).
#include <events/dapr/publisher.hpp>

#include <cstdlib>
#include <utility>

namespace events::dapr::detail {

inline options resolved(options o) {
  if (o.port == 0) o.port = std::atoi(env_or("DAPR_HTTP_PORT", "3500").c_str());
  if (o.api_token.empty()) o.api_token = env_or("DAPR_API_TOKEN", "");
  return o;
}

}  // namespace events::dapr::detail

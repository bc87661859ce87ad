#pragma once
/// \file One librdkafka produce call (rd_kafka_produceva) for bytes the caller keeps: the value and
/// key are copied, the headers are the message's own once it is accepted.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <iterator>
#include <string_view>

namespace events::kafka::detail {

/// Enqueues one message; ERR_NO_ERROR when librdkafka took it (and `headers` with it).
inline RdKafka::ErrorCode produce(rd_kafka_t* rk, const char* topic, std::int32_t partition, std::string_view key,
                                  std::string_view value, rd_kafka_headers_t* headers, void* opaque) {
  rd_kafka_vu_t vu[7];
  vu[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vu[0].u.cstr = topic;
  vu[1].vtype = RD_KAFKA_VTYPE_PARTITION;
  vu[1].u.i32 = partition;
  vu[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[2].u.i = RD_KAFKA_MSG_F_COPY;
  vu[3].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[3].u.mem = {const_cast<char*>(value.data()), value.size()};
  vu[4].vtype = RD_KAFKA_VTYPE_KEY;
  vu[4].u.mem = {key.empty() ? nullptr : const_cast<char*>(key.data()), key.size()};
  vu[5].vtype = RD_KAFKA_VTYPE_HEADERS;
  vu[5].u.headers = headers;
  vu[6].vtype = RD_KAFKA_VTYPE_OPAQUE;
  vu[6].u.ptr = opaque;
  RdKafka::ErrorCode err = RdKafka::ERR_NO_ERROR;
  if (rd_kafka_error_t* e = rd_kafka_produceva(rk, vu, std::size(vu))) {
    err = static_cast<RdKafka::ErrorCode>(rd_kafka_error_code(e));
    rd_kafka_error_destroy(e);
  }
  return err;
}

}  // namespace events::kafka::detail

#pragma once
/// \file Everything of events::kafka in one include.
#include <events/kafka/config.hpp>
#include <events/kafka/consumer.hpp>
#include <events/kafka/consumer_options.hpp>
#include <events/kafka/dead_letter.hpp>
#include <events/kafka/dedupe.hpp>
#include <events/kafka/testing/embedded_cluster.hpp>
#include <events/kafka/error.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/producer.hpp>
#include <events/kafka/delivery.hpp>
#include <events/kafka/tracing.hpp>
#include <events/kafka/offsets.hpp>

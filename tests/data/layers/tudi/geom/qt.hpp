#pragma once
#include "tudi/core/error.hpp"
#include <QString>

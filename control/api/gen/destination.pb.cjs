/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
"use strict";

var $protobuf = require("protobufjs/minimal");

var $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
var $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Array = $util.global.Array, $Number = $util.global.Number, $Boolean = $util.global.Boolean;

var $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

$root.weft = (function() {

    var weft = {};

    weft.destination = (function() {

        var destination = {};

        destination.v1 = (function() {

            var v1 = {};

            v1.WatchRequest = (function() {

                var WatchRequest = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                WatchRequest.prototype.authority = "";
                WatchRequest.prototype.proxyId = "";
                WatchRequest.prototype.proxyNamespace = "";

                WatchRequest.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.authority != null && $Object.hasOwnProperty.call(message, "authority") && message.authority !== "")
                        writer.uint32(10).string(message.authority);
                    if (message.proxyId != null && $Object.hasOwnProperty.call(message, "proxyId") && message.proxyId !== "")
                        writer.uint32(18).string(message.proxyId);
                    if (message.proxyNamespace != null && $Object.hasOwnProperty.call(message, "proxyNamespace") && message.proxyNamespace !== "")
                        writer.uint32(26).string(message.proxyNamespace);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                WatchRequest.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.WatchRequest();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.authority = value;
                                else
                                    delete message.authority;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.proxyId = value;
                                else
                                    delete message.proxyId;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.proxyNamespace = value;
                                else
                                    delete message.proxyNamespace;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                WatchRequest.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.WatchRequest)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.WatchRequest: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.WatchRequest();
                    if (object.authority != null)
                        if (typeof object.authority !== "string" || object.authority.length)
                            message.authority = $String(object.authority);
                    if (object.proxyId != null)
                        if (typeof object.proxyId !== "string" || object.proxyId.length)
                            message.proxyId = $String(object.proxyId);
                    if (object.proxyNamespace != null)
                        if (typeof object.proxyNamespace !== "string" || object.proxyNamespace.length)
                            message.proxyNamespace = $String(object.proxyNamespace);
                    return message;
                };

                WatchRequest.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.defaults) {
                        object.authority = "";
                        object.proxyId = "";
                        object.proxyNamespace = "";
                    }
                    if (message.authority != null && $Object.hasOwnProperty.call(message, "authority"))
                        object.authority = message.authority;
                    if (message.proxyId != null && $Object.hasOwnProperty.call(message, "proxyId"))
                        object.proxyId = message.proxyId;
                    if (message.proxyNamespace != null && $Object.hasOwnProperty.call(message, "proxyNamespace"))
                        object.proxyNamespace = message.proxyNamespace;
                    return object;
                };

                WatchRequest.prototype.toJSON = function() {
                    return WatchRequest.toObject(this, $protobuf.util.toJSONOptions);
                };

                return WatchRequest;
            })();

            v1.Update = (function() {

                var Update = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                Update.prototype.snapshot = null;
                Update.prototype.delta = null;
                Update.prototype.noSuchService = null;

                var $oneOfFields;

                $Object.defineProperty(Update.prototype, "kind", {
                    get: $util.oneOfGetter($oneOfFields = ["snapshot", "delta", "noSuchService"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Update.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.snapshot != null && $Object.hasOwnProperty.call(message, "snapshot"))
                        $root.weft.destination.v1.Snapshot.encode(message.snapshot, writer.uint32(10).fork(), _depth + 1).ldelim();
                    if (message.delta != null && $Object.hasOwnProperty.call(message, "delta"))
                        $root.weft.destination.v1.Delta.encode(message.delta, writer.uint32(18).fork(), _depth + 1).ldelim();
                    if (message.noSuchService != null && $Object.hasOwnProperty.call(message, "noSuchService"))
                        $root.weft.destination.v1.NoSuchService.encode(message.noSuchService, writer.uint32(26).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                Update.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.Update();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                message.snapshot = $root.weft.destination.v1.Snapshot.decode(reader, reader.size(), $undefined, _depth + 1, message.snapshot);
                                message.kind = "snapshot";
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                message.delta = $root.weft.destination.v1.Delta.decode(reader, reader.size(), $undefined, _depth + 1, message.delta);
                                message.kind = "delta";
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                message.noSuchService = $root.weft.destination.v1.NoSuchService.decode(reader, reader.size(), $undefined, _depth + 1, message.noSuchService);
                                message.kind = "noSuchService";
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                Update.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.Update)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.Update: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.Update();
                    if (object.snapshot != null) {
                        if (!$util.isObject(object.snapshot))
                            throw $TypeError(".weft.destination.v1.Update.snapshot: object expected");
                        message.snapshot = $root.weft.destination.v1.Snapshot.fromObject(object.snapshot, _depth + 1);
                    }
                    if (object.delta != null) {
                        if (!$util.isObject(object.delta))
                            throw $TypeError(".weft.destination.v1.Update.delta: object expected");
                        message.delta = $root.weft.destination.v1.Delta.fromObject(object.delta, _depth + 1);
                    }
                    if (object.noSuchService != null) {
                        if (!$util.isObject(object.noSuchService))
                            throw $TypeError(".weft.destination.v1.Update.noSuchService: object expected");
                        message.noSuchService = $root.weft.destination.v1.NoSuchService.fromObject(object.noSuchService, _depth + 1);
                    }
                    return message;
                };

                Update.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (message.snapshot != null && $Object.hasOwnProperty.call(message, "snapshot")) {
                        object.snapshot = $root.weft.destination.v1.Snapshot.toObject(message.snapshot, options, _depth + 1);
                        if (options.oneofs)
                            object.kind = "snapshot";
                    }
                    if (message.delta != null && $Object.hasOwnProperty.call(message, "delta")) {
                        object.delta = $root.weft.destination.v1.Delta.toObject(message.delta, options, _depth + 1);
                        if (options.oneofs)
                            object.kind = "delta";
                    }
                    if (message.noSuchService != null && $Object.hasOwnProperty.call(message, "noSuchService")) {
                        object.noSuchService = $root.weft.destination.v1.NoSuchService.toObject(message.noSuchService, options, _depth + 1);
                        if (options.oneofs)
                            object.kind = "noSuchService";
                    }
                    return object;
                };

                Update.prototype.toJSON = function() {
                    return Update.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Update;
            })();

            v1.NoSuchService = (function() {

                var NoSuchService = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                NoSuchService.prototype.reason = "";

                NoSuchService.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                        writer.uint32(10).string(message.reason);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                NoSuchService.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.NoSuchService();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.reason = value;
                                else
                                    delete message.reason;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                NoSuchService.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.NoSuchService)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.NoSuchService: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.NoSuchService();
                    if (object.reason != null)
                        if (typeof object.reason !== "string" || object.reason.length)
                            message.reason = $String(object.reason);
                    return message;
                };

                NoSuchService.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.defaults)
                        object.reason = "";
                    if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                        object.reason = message.reason;
                    return object;
                };

                NoSuchService.prototype.toJSON = function() {
                    return NoSuchService.toObject(this, $protobuf.util.toJSONOptions);
                };

                return NoSuchService;
            })();

            v1.Snapshot = (function() {

                var Snapshot = function (properties) {
                    this.backends = [];
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                Snapshot.prototype.service = null;
                Snapshot.prototype.backends = $util.emptyArray;

                Snapshot.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.service != null && $Object.hasOwnProperty.call(message, "service"))
                        $root.weft.destination.v1.Service.encode(message.service, writer.uint32(10).fork(), _depth + 1).ldelim();
                    if (message.backends != null && message.backends.length)
                        for (var i = 0; i < message.backends.length; ++i)
                            $root.weft.destination.v1.Backend.encode(message.backends[i], writer.uint32(18).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                Snapshot.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.Snapshot();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                message.service = $root.weft.destination.v1.Service.decode(reader, reader.size(), $undefined, _depth + 1, message.service);
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.backends && message.backends.length))
                                    message.backends = [];
                                message.backends.push($root.weft.destination.v1.Backend.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                Snapshot.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.Snapshot)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.Snapshot: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.Snapshot();
                    if (object.service != null) {
                        if (!$util.isObject(object.service))
                            throw $TypeError(".weft.destination.v1.Snapshot.service: object expected");
                        message.service = $root.weft.destination.v1.Service.fromObject(object.service, _depth + 1);
                    }
                    if (object.backends) {
                        if (!$Array.isArray(object.backends))
                            throw $TypeError(".weft.destination.v1.Snapshot.backends: array expected");
                        message.backends = $Array(object.backends.length);
                        for (var i = 0; i < object.backends.length; ++i) {
                            if (!$util.isObject(object.backends[i]))
                                throw $TypeError(".weft.destination.v1.Snapshot.backends: object expected");
                            message.backends[i] = $root.weft.destination.v1.Backend.fromObject(object.backends[i], _depth + 1);
                        }
                    }
                    return message;
                };

                Snapshot.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.arrays || options.defaults)
                        object.backends = [];
                    if (options.defaults)
                        object.service = null;
                    if (message.service != null && $Object.hasOwnProperty.call(message, "service"))
                        object.service = $root.weft.destination.v1.Service.toObject(message.service, options, _depth + 1);
                    if (message.backends && message.backends.length) {
                        object.backends = $Array(message.backends.length);
                        for (var j = 0; j < message.backends.length; ++j)
                            object.backends[j] = $root.weft.destination.v1.Backend.toObject(message.backends[j], options, _depth + 1);
                    }
                    return object;
                };

                Snapshot.prototype.toJSON = function() {
                    return Snapshot.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Snapshot;
            })();

            v1.Delta = (function() {

                var Delta = function (properties) {
                    this.backends = [];
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                Delta.prototype.service = null;
                Delta.prototype.backends = $util.emptyArray;

                Delta.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.service != null && $Object.hasOwnProperty.call(message, "service"))
                        $root.weft.destination.v1.Service.encode(message.service, writer.uint32(10).fork(), _depth + 1).ldelim();
                    if (message.backends != null && message.backends.length)
                        for (var i = 0; i < message.backends.length; ++i)
                            $root.weft.destination.v1.BackendChange.encode(message.backends[i], writer.uint32(18).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                Delta.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.Delta();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                message.service = $root.weft.destination.v1.Service.decode(reader, reader.size(), $undefined, _depth + 1, message.service);
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.backends && message.backends.length))
                                    message.backends = [];
                                message.backends.push($root.weft.destination.v1.BackendChange.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                Delta.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.Delta)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.Delta: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.Delta();
                    if (object.service != null) {
                        if (!$util.isObject(object.service))
                            throw $TypeError(".weft.destination.v1.Delta.service: object expected");
                        message.service = $root.weft.destination.v1.Service.fromObject(object.service, _depth + 1);
                    }
                    if (object.backends) {
                        if (!$Array.isArray(object.backends))
                            throw $TypeError(".weft.destination.v1.Delta.backends: array expected");
                        message.backends = $Array(object.backends.length);
                        for (var i = 0; i < object.backends.length; ++i) {
                            if (!$util.isObject(object.backends[i]))
                                throw $TypeError(".weft.destination.v1.Delta.backends: object expected");
                            message.backends[i] = $root.weft.destination.v1.BackendChange.fromObject(object.backends[i], _depth + 1);
                        }
                    }
                    return message;
                };

                Delta.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.arrays || options.defaults)
                        object.backends = [];
                    if (options.defaults)
                        object.service = null;
                    if (message.service != null && $Object.hasOwnProperty.call(message, "service"))
                        object.service = $root.weft.destination.v1.Service.toObject(message.service, options, _depth + 1);
                    if (message.backends && message.backends.length) {
                        object.backends = $Array(message.backends.length);
                        for (var j = 0; j < message.backends.length; ++j)
                            object.backends[j] = $root.weft.destination.v1.BackendChange.toObject(message.backends[j], options, _depth + 1);
                    }
                    return object;
                };

                Delta.prototype.toJSON = function() {
                    return Delta.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Delta;
            })();

            v1.Service = (function() {

                var Service = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                Service.prototype.name = "";
                Service.prototype.namespace = "";
                Service.prototype.port = 0;
                Service.prototype.protocol = 0;
                Service.prototype.policy = null;

                Service.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                        writer.uint32(10).string(message.name);
                    if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace") && message.namespace !== "")
                        writer.uint32(18).string(message.namespace);
                    if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                        writer.uint32(24).uint32(message.port);
                    if (message.protocol != null && $Object.hasOwnProperty.call(message, "protocol") && message.protocol !== 0)
                        writer.uint32(32).int32(message.protocol);
                    if (message.policy != null && $Object.hasOwnProperty.call(message, "policy"))
                        $root.weft.destination.v1.Policy.encode(message.policy, writer.uint32(42).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                Service.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.Service();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.name = value;
                                else
                                    delete message.name;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.namespace = value;
                                else
                                    delete message.namespace;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.port = value;
                                else
                                    delete message.port;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.int32())
                                    message.protocol = value;
                                else
                                    delete message.protocol;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                message.policy = $root.weft.destination.v1.Policy.decode(reader, reader.size(), $undefined, _depth + 1, message.policy);
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                Service.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.Service)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.Service: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.Service();
                    if (object.name != null)
                        if (typeof object.name !== "string" || object.name.length)
                            message.name = $String(object.name);
                    if (object.namespace != null)
                        if (typeof object.namespace !== "string" || object.namespace.length)
                            message.namespace = $String(object.namespace);
                    if (object.port != null)
                        if ($Number(object.port) !== 0)
                            message.port = object.port >>> 0;
                    if (object.protocol !== 0 && (typeof object.protocol !== "string" || $root.weft.destination.v1.Protocol[object.protocol] !== 0))
                        switch (object.protocol) {
                        case "PROTOCOL_UNSPECIFIED":
                        case 0:
                            message.protocol = 0;
                            break;
                        case "PROTOCOL_HTTP1":
                        case 1:
                            message.protocol = 1;
                            break;
                        case "PROTOCOL_HTTP2":
                        case 2:
                            message.protocol = 2;
                            break;
                        case "PROTOCOL_OPAQUE":
                        case 3:
                            message.protocol = 3;
                            break;
                        default:
                            if (typeof object.protocol === "number" && (object.protocol | 0) === object.protocol)
                                message.protocol = object.protocol;
                        }
                    if (object.policy != null) {
                        if (!$util.isObject(object.policy))
                            throw $TypeError(".weft.destination.v1.Service.policy: object expected");
                        message.policy = $root.weft.destination.v1.Policy.fromObject(object.policy, _depth + 1);
                    }
                    return message;
                };

                Service.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.defaults) {
                        object.name = "";
                        object.namespace = "";
                        object.port = 0;
                        object.protocol = options.enums === $String ? "PROTOCOL_UNSPECIFIED" : 0;
                        object.policy = null;
                    }
                    if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                        object.name = message.name;
                    if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace"))
                        object.namespace = message.namespace;
                    if (message.port != null && $Object.hasOwnProperty.call(message, "port"))
                        object.port = message.port;
                    if (message.protocol != null && $Object.hasOwnProperty.call(message, "protocol"))
                        object.protocol = options.enums === $String ? $root.weft.destination.v1.Protocol[message.protocol] === $undefined ? message.protocol : $root.weft.destination.v1.Protocol[message.protocol] : message.protocol;
                    if (message.policy != null && $Object.hasOwnProperty.call(message, "policy"))
                        object.policy = $root.weft.destination.v1.Policy.toObject(message.policy, options, _depth + 1);
                    return object;
                };

                Service.prototype.toJSON = function() {
                    return Service.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Service;
            })();

            v1.Protocol = (function() {
                var valuesById = $Object.create(null), values = $Object.create(valuesById);
                values[valuesById[0] = "PROTOCOL_UNSPECIFIED"] = 0;
                values[valuesById[1] = "PROTOCOL_HTTP1"] = 1;
                values[valuesById[2] = "PROTOCOL_HTTP2"] = 2;
                values[valuesById[3] = "PROTOCOL_OPAQUE"] = 3;
                return values;
            })();

            v1.Policy = (function() {

                var Policy = function (properties) {
                    this.retryOn = [];
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                Policy.prototype.requestTimeoutMs = 0;
                Policy.prototype.perTryTimeoutMs = 0;
                Policy.prototype.retryOn = $util.emptyArray;
                Policy.prototype.retryNonIdempotent = false;

                Policy.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.requestTimeoutMs != null && $Object.hasOwnProperty.call(message, "requestTimeoutMs") && message.requestTimeoutMs !== 0)
                        writer.uint32(8).uint32(message.requestTimeoutMs);
                    if (message.perTryTimeoutMs != null && $Object.hasOwnProperty.call(message, "perTryTimeoutMs") && message.perTryTimeoutMs !== 0)
                        writer.uint32(16).uint32(message.perTryTimeoutMs);
                    if (message.retryOn != null && message.retryOn.length)
                        for (var i = 0; i < message.retryOn.length; ++i)
                            writer.uint32(26).string(message.retryOn[i]);
                    if (message.retryNonIdempotent != null && $Object.hasOwnProperty.call(message, "retryNonIdempotent") && message.retryNonIdempotent !== false)
                        writer.uint32(32).bool(message.retryNonIdempotent);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                Policy.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.Policy();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.requestTimeoutMs = value;
                                else
                                    delete message.requestTimeoutMs;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.perTryTimeoutMs = value;
                                else
                                    delete message.perTryTimeoutMs;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.retryOn && message.retryOn.length))
                                    message.retryOn = [];
                                message.retryOn.push(reader.stringVerify());
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.retryNonIdempotent = value;
                                else
                                    delete message.retryNonIdempotent;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                Policy.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.Policy)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.Policy: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.Policy();
                    if (object.requestTimeoutMs != null)
                        if ($Number(object.requestTimeoutMs) !== 0)
                            message.requestTimeoutMs = object.requestTimeoutMs >>> 0;
                    if (object.perTryTimeoutMs != null)
                        if ($Number(object.perTryTimeoutMs) !== 0)
                            message.perTryTimeoutMs = object.perTryTimeoutMs >>> 0;
                    if (object.retryOn) {
                        if (!$Array.isArray(object.retryOn))
                            throw $TypeError(".weft.destination.v1.Policy.retryOn: array expected");
                        message.retryOn = $Array(object.retryOn.length);
                        for (var i = 0; i < object.retryOn.length; ++i)
                            message.retryOn[i] = $String(object.retryOn[i]);
                    }
                    if (object.retryNonIdempotent != null)
                        if (object.retryNonIdempotent)
                            message.retryNonIdempotent = $Boolean(object.retryNonIdempotent);
                    return message;
                };

                Policy.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.arrays || options.defaults)
                        object.retryOn = [];
                    if (options.defaults) {
                        object.requestTimeoutMs = 0;
                        object.perTryTimeoutMs = 0;
                        object.retryNonIdempotent = false;
                    }
                    if (message.requestTimeoutMs != null && $Object.hasOwnProperty.call(message, "requestTimeoutMs"))
                        object.requestTimeoutMs = message.requestTimeoutMs;
                    if (message.perTryTimeoutMs != null && $Object.hasOwnProperty.call(message, "perTryTimeoutMs"))
                        object.perTryTimeoutMs = message.perTryTimeoutMs;
                    if (message.retryOn && message.retryOn.length) {
                        object.retryOn = $Array(message.retryOn.length);
                        for (var j = 0; j < message.retryOn.length; ++j)
                            object.retryOn[j] = message.retryOn[j];
                    }
                    if (message.retryNonIdempotent != null && $Object.hasOwnProperty.call(message, "retryNonIdempotent"))
                        object.retryNonIdempotent = message.retryNonIdempotent;
                    return object;
                };

                Policy.prototype.toJSON = function() {
                    return Policy.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Policy;
            })();

            v1.Backend = (function() {

                var Backend = function (properties) {
                    this.endpoints = [];
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                Backend.prototype.name = "";
                Backend.prototype.namespace = "";
                Backend.prototype.weight = 0;
                Backend.prototype.endpoints = $util.emptyArray;

                Backend.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                        writer.uint32(10).string(message.name);
                    if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace") && message.namespace !== "")
                        writer.uint32(18).string(message.namespace);
                    if (message.weight != null && $Object.hasOwnProperty.call(message, "weight") && message.weight !== 0)
                        writer.uint32(24).uint32(message.weight);
                    if (message.endpoints != null && message.endpoints.length)
                        for (var i = 0; i < message.endpoints.length; ++i)
                            $root.weft.destination.v1.Endpoint.encode(message.endpoints[i], writer.uint32(34).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                Backend.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.Backend();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.name = value;
                                else
                                    delete message.name;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.namespace = value;
                                else
                                    delete message.namespace;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.weight = value;
                                else
                                    delete message.weight;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.endpoints && message.endpoints.length))
                                    message.endpoints = [];
                                message.endpoints.push($root.weft.destination.v1.Endpoint.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                Backend.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.Backend)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.Backend: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.Backend();
                    if (object.name != null)
                        if (typeof object.name !== "string" || object.name.length)
                            message.name = $String(object.name);
                    if (object.namespace != null)
                        if (typeof object.namespace !== "string" || object.namespace.length)
                            message.namespace = $String(object.namespace);
                    if (object.weight != null)
                        if ($Number(object.weight) !== 0)
                            message.weight = object.weight >>> 0;
                    if (object.endpoints) {
                        if (!$Array.isArray(object.endpoints))
                            throw $TypeError(".weft.destination.v1.Backend.endpoints: array expected");
                        message.endpoints = $Array(object.endpoints.length);
                        for (var i = 0; i < object.endpoints.length; ++i) {
                            if (!$util.isObject(object.endpoints[i]))
                                throw $TypeError(".weft.destination.v1.Backend.endpoints: object expected");
                            message.endpoints[i] = $root.weft.destination.v1.Endpoint.fromObject(object.endpoints[i], _depth + 1);
                        }
                    }
                    return message;
                };

                Backend.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.arrays || options.defaults)
                        object.endpoints = [];
                    if (options.defaults) {
                        object.name = "";
                        object.namespace = "";
                        object.weight = 0;
                    }
                    if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                        object.name = message.name;
                    if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace"))
                        object.namespace = message.namespace;
                    if (message.weight != null && $Object.hasOwnProperty.call(message, "weight"))
                        object.weight = message.weight;
                    if (message.endpoints && message.endpoints.length) {
                        object.endpoints = $Array(message.endpoints.length);
                        for (var j = 0; j < message.endpoints.length; ++j)
                            object.endpoints[j] = $root.weft.destination.v1.Endpoint.toObject(message.endpoints[j], options, _depth + 1);
                    }
                    return object;
                };

                Backend.prototype.toJSON = function() {
                    return Backend.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Backend;
            })();

            v1.BackendChange = (function() {

                var BackendChange = function (properties) {
                    this.upserted = [];
                    this.deleted = [];
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                BackendChange.prototype.name = "";
                BackendChange.prototype.namespace = "";
                BackendChange.prototype.weight = 0;
                BackendChange.prototype.removed = false;
                BackendChange.prototype.upserted = $util.emptyArray;
                BackendChange.prototype.deleted = $util.emptyArray;

                BackendChange.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                        writer.uint32(10).string(message.name);
                    if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace") && message.namespace !== "")
                        writer.uint32(18).string(message.namespace);
                    if (message.weight != null && $Object.hasOwnProperty.call(message, "weight") && message.weight !== 0)
                        writer.uint32(24).uint32(message.weight);
                    if (message.removed != null && $Object.hasOwnProperty.call(message, "removed") && message.removed !== false)
                        writer.uint32(32).bool(message.removed);
                    if (message.upserted != null && message.upserted.length)
                        for (var i = 0; i < message.upserted.length; ++i)
                            $root.weft.destination.v1.Endpoint.encode(message.upserted[i], writer.uint32(42).fork(), _depth + 1).ldelim();
                    if (message.deleted != null && message.deleted.length)
                        for (var i = 0; i < message.deleted.length; ++i)
                            writer.uint32(50).string(message.deleted[i]);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                BackendChange.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.BackendChange();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.name = value;
                                else
                                    delete message.name;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.namespace = value;
                                else
                                    delete message.namespace;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.weight = value;
                                else
                                    delete message.weight;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.removed = value;
                                else
                                    delete message.removed;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.upserted && message.upserted.length))
                                    message.upserted = [];
                                message.upserted.push($root.weft.destination.v1.Endpoint.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.deleted && message.deleted.length))
                                    message.deleted = [];
                                message.deleted.push(reader.stringVerify());
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                BackendChange.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.BackendChange)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.BackendChange: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.BackendChange();
                    if (object.name != null)
                        if (typeof object.name !== "string" || object.name.length)
                            message.name = $String(object.name);
                    if (object.namespace != null)
                        if (typeof object.namespace !== "string" || object.namespace.length)
                            message.namespace = $String(object.namespace);
                    if (object.weight != null)
                        if ($Number(object.weight) !== 0)
                            message.weight = object.weight >>> 0;
                    if (object.removed != null)
                        if (object.removed)
                            message.removed = $Boolean(object.removed);
                    if (object.upserted) {
                        if (!$Array.isArray(object.upserted))
                            throw $TypeError(".weft.destination.v1.BackendChange.upserted: array expected");
                        message.upserted = $Array(object.upserted.length);
                        for (var i = 0; i < object.upserted.length; ++i) {
                            if (!$util.isObject(object.upserted[i]))
                                throw $TypeError(".weft.destination.v1.BackendChange.upserted: object expected");
                            message.upserted[i] = $root.weft.destination.v1.Endpoint.fromObject(object.upserted[i], _depth + 1);
                        }
                    }
                    if (object.deleted) {
                        if (!$Array.isArray(object.deleted))
                            throw $TypeError(".weft.destination.v1.BackendChange.deleted: array expected");
                        message.deleted = $Array(object.deleted.length);
                        for (var i = 0; i < object.deleted.length; ++i)
                            message.deleted[i] = $String(object.deleted[i]);
                    }
                    return message;
                };

                BackendChange.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.arrays || options.defaults) {
                        object.upserted = [];
                        object.deleted = [];
                    }
                    if (options.defaults) {
                        object.name = "";
                        object.namespace = "";
                        object.weight = 0;
                        object.removed = false;
                    }
                    if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                        object.name = message.name;
                    if (message.namespace != null && $Object.hasOwnProperty.call(message, "namespace"))
                        object.namespace = message.namespace;
                    if (message.weight != null && $Object.hasOwnProperty.call(message, "weight"))
                        object.weight = message.weight;
                    if (message.removed != null && $Object.hasOwnProperty.call(message, "removed"))
                        object.removed = message.removed;
                    if (message.upserted && message.upserted.length) {
                        object.upserted = $Array(message.upserted.length);
                        for (var j = 0; j < message.upserted.length; ++j)
                            object.upserted[j] = $root.weft.destination.v1.Endpoint.toObject(message.upserted[j], options, _depth + 1);
                    }
                    if (message.deleted && message.deleted.length) {
                        object.deleted = $Array(message.deleted.length);
                        for (var j = 0; j < message.deleted.length; ++j)
                            object.deleted[j] = message.deleted[j];
                    }
                    return object;
                };

                BackendChange.prototype.toJSON = function() {
                    return BackendChange.toObject(this, $protobuf.util.toJSONOptions);
                };

                return BackendChange;
            })();

            v1.Endpoint = (function() {

                var Endpoint = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                Endpoint.prototype.address = "";
                Endpoint.prototype.port = 0;
                Endpoint.prototype.ready = false;
                Endpoint.prototype.serving = false;
                Endpoint.prototype.terminating = false;
                Endpoint.prototype.zone = "";
                Endpoint.prototype.node = "";
                Endpoint.prototype.pod = "";
                Endpoint.prototype.workload = "";
                Endpoint.prototype.meshed = false;
                Endpoint.prototype.inboundPort = 0;
                Endpoint.prototype.weight = 0;

                Endpoint.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.address != null && $Object.hasOwnProperty.call(message, "address") && message.address !== "")
                        writer.uint32(10).string(message.address);
                    if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                        writer.uint32(16).uint32(message.port);
                    if (message.ready != null && $Object.hasOwnProperty.call(message, "ready") && message.ready !== false)
                        writer.uint32(24).bool(message.ready);
                    if (message.serving != null && $Object.hasOwnProperty.call(message, "serving") && message.serving !== false)
                        writer.uint32(32).bool(message.serving);
                    if (message.terminating != null && $Object.hasOwnProperty.call(message, "terminating") && message.terminating !== false)
                        writer.uint32(40).bool(message.terminating);
                    if (message.zone != null && $Object.hasOwnProperty.call(message, "zone") && message.zone !== "")
                        writer.uint32(50).string(message.zone);
                    if (message.node != null && $Object.hasOwnProperty.call(message, "node") && message.node !== "")
                        writer.uint32(58).string(message.node);
                    if (message.pod != null && $Object.hasOwnProperty.call(message, "pod") && message.pod !== "")
                        writer.uint32(66).string(message.pod);
                    if (message.workload != null && $Object.hasOwnProperty.call(message, "workload") && message.workload !== "")
                        writer.uint32(74).string(message.workload);
                    if (message.meshed != null && $Object.hasOwnProperty.call(message, "meshed") && message.meshed !== false)
                        writer.uint32(80).bool(message.meshed);
                    if (message.inboundPort != null && $Object.hasOwnProperty.call(message, "inboundPort") && message.inboundPort !== 0)
                        writer.uint32(88).uint32(message.inboundPort);
                    if (message.weight != null && $Object.hasOwnProperty.call(message, "weight") && message.weight !== 0)
                        writer.uint32(96).uint32(message.weight);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                Endpoint.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.weft.destination.v1.Endpoint();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.address = value;
                                else
                                    delete message.address;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.port = value;
                                else
                                    delete message.port;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.ready = value;
                                else
                                    delete message.ready;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.serving = value;
                                else
                                    delete message.serving;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.terminating = value;
                                else
                                    delete message.terminating;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.zone = value;
                                else
                                    delete message.zone;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.node = value;
                                else
                                    delete message.node;
                                continue;
                            }
                        case 8: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.pod = value;
                                else
                                    delete message.pod;
                                continue;
                            }
                        case 9: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.workload = value;
                                else
                                    delete message.workload;
                                continue;
                            }
                        case 10: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.meshed = value;
                                else
                                    delete message.meshed;
                                continue;
                            }
                        case 11: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.inboundPort = value;
                                else
                                    delete message.inboundPort;
                                continue;
                            }
                        case 12: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.weight = value;
                                else
                                    delete message.weight;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                Endpoint.fromObject = function (object, _depth) {
                    if (object instanceof $root.weft.destination.v1.Endpoint)
                        return object;
                    if (!$util.isObject(object))
                        throw $TypeError(".weft.destination.v1.Endpoint: object expected");
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var message = new $root.weft.destination.v1.Endpoint();
                    if (object.address != null)
                        if (typeof object.address !== "string" || object.address.length)
                            message.address = $String(object.address);
                    if (object.port != null)
                        if ($Number(object.port) !== 0)
                            message.port = object.port >>> 0;
                    if (object.ready != null)
                        if (object.ready)
                            message.ready = $Boolean(object.ready);
                    if (object.serving != null)
                        if (object.serving)
                            message.serving = $Boolean(object.serving);
                    if (object.terminating != null)
                        if (object.terminating)
                            message.terminating = $Boolean(object.terminating);
                    if (object.zone != null)
                        if (typeof object.zone !== "string" || object.zone.length)
                            message.zone = $String(object.zone);
                    if (object.node != null)
                        if (typeof object.node !== "string" || object.node.length)
                            message.node = $String(object.node);
                    if (object.pod != null)
                        if (typeof object.pod !== "string" || object.pod.length)
                            message.pod = $String(object.pod);
                    if (object.workload != null)
                        if (typeof object.workload !== "string" || object.workload.length)
                            message.workload = $String(object.workload);
                    if (object.meshed != null)
                        if (object.meshed)
                            message.meshed = $Boolean(object.meshed);
                    if (object.inboundPort != null)
                        if ($Number(object.inboundPort) !== 0)
                            message.inboundPort = object.inboundPort >>> 0;
                    if (object.weight != null)
                        if ($Number(object.weight) !== 0)
                            message.weight = object.weight >>> 0;
                    return message;
                };

                Endpoint.toObject = function (message, options, _depth) {
                    if (!options)
                        options = {};
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    var object = {};
                    if (options.defaults) {
                        object.address = "";
                        object.port = 0;
                        object.ready = false;
                        object.serving = false;
                        object.terminating = false;
                        object.zone = "";
                        object.node = "";
                        object.pod = "";
                        object.workload = "";
                        object.meshed = false;
                        object.inboundPort = 0;
                        object.weight = 0;
                    }
                    if (message.address != null && $Object.hasOwnProperty.call(message, "address"))
                        object.address = message.address;
                    if (message.port != null && $Object.hasOwnProperty.call(message, "port"))
                        object.port = message.port;
                    if (message.ready != null && $Object.hasOwnProperty.call(message, "ready"))
                        object.ready = message.ready;
                    if (message.serving != null && $Object.hasOwnProperty.call(message, "serving"))
                        object.serving = message.serving;
                    if (message.terminating != null && $Object.hasOwnProperty.call(message, "terminating"))
                        object.terminating = message.terminating;
                    if (message.zone != null && $Object.hasOwnProperty.call(message, "zone"))
                        object.zone = message.zone;
                    if (message.node != null && $Object.hasOwnProperty.call(message, "node"))
                        object.node = message.node;
                    if (message.pod != null && $Object.hasOwnProperty.call(message, "pod"))
                        object.pod = message.pod;
                    if (message.workload != null && $Object.hasOwnProperty.call(message, "workload"))
                        object.workload = message.workload;
                    if (message.meshed != null && $Object.hasOwnProperty.call(message, "meshed"))
                        object.meshed = message.meshed;
                    if (message.inboundPort != null && $Object.hasOwnProperty.call(message, "inboundPort"))
                        object.inboundPort = message.inboundPort;
                    if (message.weight != null && $Object.hasOwnProperty.call(message, "weight"))
                        object.weight = message.weight;
                    return object;
                };

                Endpoint.prototype.toJSON = function() {
                    return Endpoint.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Endpoint;
            })();

            return v1;
        })();

        return destination;
    })();

    return weft;
})();

module.exports = $root;

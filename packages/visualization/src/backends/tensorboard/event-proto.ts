import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

// Field numbers of TensorFlow's protos (tensorflow/core/framework and tensorflow/core/util): event.proto (Event),
// summary.proto (Summary, Summary.Value, Summary.Image, HistogramProto, SummaryMetadata), tensor.proto (TensorProto),
// tensor_shape.proto (TensorShapeProto) and types.proto (DataType). Written by hand: no code generation.
const EVENT = { wallTime: 1, step: 2, fileVersion: 3, summary: 5 } as const;
const SUMMARY = { value: 1 } as const;
const VALUE = { tag: 1, simpleValue: 2, image: 4, histo: 5, tensor: 8, metadata: 9 } as const;
const IMAGE = { height: 1, width: 2, colorspace: 3, encodedImageString: 4 } as const;
const HISTOGRAM = { min: 1, max: 2, num: 3, sum: 4, sumSquares: 5, bucketLimit: 6, bucket: 7 } as const;
const METADATA = { pluginData: 1 } as const;
const PLUGIN_DATA = { pluginName: 1, content: 2 } as const;
const TENSOR = { dtype: 1, tensorShape: 2, stringVal: 8 } as const;
const TENSOR_SHAPE = { dim: 2 } as const;
const DIM = { size: 1 } as const;
/** `DataType.DT_STRING` of types.proto. */
const DT_STRING = 7;

/** The `file_version` of the first event of every file. */
export const FILE_VERSION = 'brain.Event:2';

/** A `HistogramProto`: bucket `i` counts the values in `[bucketLimit[i - 1], bucketLimit[i])` (from -DBL_MAX for 0). */
export interface HistogramData {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: readonly number[];
  bucket: readonly number[];
}

/** One `Summary.Value` as the backend writes them. */
export type SummaryValue =
  | { kind: 'scalar'; tag: string; value: number }
  | { kind: 'image'; tag: string; height: number; width: number; colorspace: number; png: Uint8Array }
  | { kind: 'text'; tag: string; text: string }
  | { kind: 'histogram'; tag: string; histogram: HistogramData };

/** A `tensorflow.Event`: the file-version event, or one whose summary holds `values`. */
export interface EventData {
  /** Seconds since the epoch. */
  wallTime: number;
  step?: number;
  fileVersion?: string;
  values?: readonly SummaryValue[];
}

function histogram(w: BinaryWriter, h: HistogramData): void {
  w.tag(HISTOGRAM.min, WireType.Bit64).double(h.min);
  w.tag(HISTOGRAM.max, WireType.Bit64).double(h.max);
  w.tag(HISTOGRAM.num, WireType.Bit64).double(h.num);
  w.tag(HISTOGRAM.sum, WireType.Bit64).double(h.sum);
  w.tag(HISTOGRAM.sumSquares, WireType.Bit64).double(h.sumSquares);
  // Packed repeated doubles, as the proto declares them.
  w.tag(HISTOGRAM.bucketLimit, WireType.LengthDelimited).fork();
  for (const limit of h.bucketLimit) w.double(limit);
  w.join();
  w.tag(HISTOGRAM.bucket, WireType.LengthDelimited).fork();
  for (const count of h.bucket) w.double(count);
  w.join();
}

/** The text plugin's summary, as torch's `SummaryWriter.add_text` writes it: a `DT_STRING` tensor of shape `[1]`. */
function textValue(w: BinaryWriter, text: string): void {
  w.tag(VALUE.metadata, WireType.LengthDelimited).fork();
  w.tag(METADATA.pluginData, WireType.LengthDelimited).fork();
  w.tag(PLUGIN_DATA.pluginName, WireType.LengthDelimited).string('text');
  // `TextPluginData { version: 0 }` serializes to no bytes.
  w.tag(PLUGIN_DATA.content, WireType.LengthDelimited).bytes(new Uint8Array(0));
  w.join().join();
  w.tag(VALUE.tensor, WireType.LengthDelimited).fork();
  w.tag(TENSOR.dtype, WireType.Varint).int32(DT_STRING);
  w.tag(TENSOR.tensorShape, WireType.LengthDelimited).fork();
  w.tag(TENSOR_SHAPE.dim, WireType.LengthDelimited).fork();
  w.tag(DIM.size, WireType.Varint).int64(1);
  w.join().join();
  w.tag(TENSOR.stringVal, WireType.LengthDelimited).bytes(new TextEncoder().encode(text));
  w.join();
}

function summaryValue(w: BinaryWriter, value: SummaryValue): void {
  w.tag(SUMMARY.value, WireType.LengthDelimited).fork();
  w.tag(VALUE.tag, WireType.LengthDelimited).string(value.tag);
  // A member of the `value` oneof is written even when it holds its default (a scalar 0).
  switch (value.kind) {
    case 'scalar':
      w.tag(VALUE.simpleValue, WireType.Bit32).float(value.value);
      break;
    case 'image':
      w.tag(VALUE.image, WireType.LengthDelimited).fork();
      w.tag(IMAGE.height, WireType.Varint).int32(value.height);
      w.tag(IMAGE.width, WireType.Varint).int32(value.width);
      w.tag(IMAGE.colorspace, WireType.Varint).int32(value.colorspace);
      w.tag(IMAGE.encodedImageString, WireType.LengthDelimited).bytes(value.png);
      w.join();
      break;
    case 'text':
      textValue(w, value.text);
      break;
    case 'histogram':
      w.tag(VALUE.histo, WireType.LengthDelimited).fork();
      histogram(w, value.histogram);
      w.join();
      break;
  }
  w.join();
}

/** The protobuf bytes of a `tensorflow.Event` (proto3: a zero step is left out). */
export function encodeEvent(event: EventData): Uint8Array {
  const w = new BinaryWriter();
  w.tag(EVENT.wallTime, WireType.Bit64).double(event.wallTime);
  if (event.step !== undefined && event.step !== 0) w.tag(EVENT.step, WireType.Varint).int64(event.step);
  if (event.fileVersion !== undefined) w.tag(EVENT.fileVersion, WireType.LengthDelimited).string(event.fileVersion);
  if (event.values !== undefined) {
    w.tag(EVENT.summary, WireType.LengthDelimited).fork();
    for (const value of event.values) summaryValue(w, value);
    w.join();
  }
  return w.finish();
}

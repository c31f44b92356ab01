// The element shapes of common TensorFlow Datasets (`tfds.load(name)`), as
// the TFDS catalogue documents their features: fixed by the dataset, not by
// the files on a machine. Images whose size varies have `None` there. Only
// the features listed are known; a dataset not listed is unknown.
//
//   tfds.load("tf_flowers", split="train", as_supervised=True)
//   → elements (image (None, None, 3) uint8, label () int64)

export interface TfdsFeature {
  readonly shape: readonly (number | null)[];
  readonly dtype: string;
}

export interface TfdsDataset {
  /** The features of one example, by name (only those the catalogue fixes). */
  readonly features: Readonly<Record<string, TfdsFeature>>;
  /** `as_supervised=True`: the (input, target) feature names. */
  readonly supervised?: readonly [string, string];
}

const label: TfdsFeature = { shape: [], dtype: 'int64' };
const image = (h: number | null, w: number | null, c: number): TfdsFeature => ({ shape: [h, w, c], dtype: 'uint8' });
const classified = (img: TfdsFeature): TfdsDataset => ({ features: { image: img, label }, supervised: ['image', 'label'] });

export const TFDS_DATASETS: Readonly<Record<string, TfdsDataset>> = {
  mnist: classified(image(28, 28, 1)),
  fashion_mnist: classified(image(28, 28, 1)),
  kmnist: classified(image(28, 28, 1)),
  emnist: classified(image(28, 28, 1)),
  cifar10: classified(image(32, 32, 3)),
  cifar100: classified(image(32, 32, 3)),
  cifar10_corrupted: classified(image(32, 32, 3)),
  svhn_cropped: classified(image(32, 32, 3)),
  stl10: classified(image(96, 96, 3)),
  omniglot: classified(image(105, 105, 3)),
  horses_or_humans: classified(image(300, 300, 3)),
  rock_paper_scissors: classified(image(300, 300, 3)),
  beans: classified(image(500, 500, 3)),
  'cycle_gan': classified(image(256, 256, 3)),
  tf_flowers: classified(image(null, null, 3)),
  cats_vs_dogs: classified(image(null, null, 3)),
  oxford_flowers102: classified(image(null, null, 3)),
  oxford_iiit_pet: classified(image(null, null, 3)),
  caltech101: classified(image(null, null, 3)),
  food101: classified(image(null, null, 3)),
  imdb_reviews: { features: { text: { shape: [], dtype: 'string' }, label }, supervised: ['text', 'label'] },
};

/** The catalogue entry of a `tfds.load` name: `"cifar10"`, `"cycle_gan/horse2zebra"`, `"oxford_iiit_pet:3.*.*"` (a config or version after the name). */
export function tfdsDataset(name: string): TfdsDataset | undefined {
  const base = name.split(/[/:]/)[0].trim();
  return Object.hasOwn(TFDS_DATASETS, base) ? TFDS_DATASETS[base] : undefined;
}

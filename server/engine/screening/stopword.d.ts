// The stopword package ships no type declarations; we only read its per-language arrays.
declare module "stopword" {
  export const eng: string[];
  export const deu: string[];
  export const fra: string[];
  export const spa: string[];
  export const zho: string[];
}
